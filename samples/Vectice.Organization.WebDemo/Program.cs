using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Vectice.Organization;
using Vectice.Organization.EntityFrameworkCore;
using Vectice.Organization.WebDemo.Hosting;

var builder = WebApplication.CreateBuilder(args);

// The SDK on EF Core over a SQLite file, as a host with its own database would register it.
builder.Services.AddDbContext<OrganizationDbContext>((services, options) =>
    options.UseSqlite(services.GetRequiredService<IConfiguration>().GetConnectionString("Organization")));
builder.Services.AddVecticeOrganization().AddEntityFrameworkStores<OrganizationDbContext>();

// Demo sign-in: choosing a seeded person sets a cookie. A real host plugs in its own identity here.
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(options =>
    {
        options.LoginPath = "/signin";
        options.Cookie.Name = "vectice-webdemo";
        options.Cookie.SameSite = SameSiteMode.Strict;
    });
builder.Services.AddRazorPages(options =>
{
    options.Conventions.AuthorizeFolder("/");
    options.Conventions.AllowAnonymousToPage("/SignIn");
});

var app = builder.Build();
await DemoDatabase.EnsureSeededAsync(app.Services);

// In every environment: in Development WebApplication puts its developer exception page outside
// this handler, so it never sees an exception and no stack trace reaches a browser. Routing comes
// after it, so that a routing failure is caught too (WebApplication would otherwise route first).
app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = ErrorPage.WriteAsync });
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.MapRazorPages();
await app.RunAsync();
