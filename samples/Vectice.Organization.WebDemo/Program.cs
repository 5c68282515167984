using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Vectice.Organization;
using Vectice.Organization.EntityFrameworkCore;
using Vectice.Organization.WebDemo.Hosting;

var builder = WebApplication.CreateBuilder(args);

// The SDK on EF Core, as a host with its own database would register it: a SQLite file by default,
// or PostgreSQL with Organization:Provider=PostgreSql. Every page asks the SDK, on every request,
// whether the signed-in user has the permission it needs: roles never go into the cookie, so a
// confirmed change applies at the user's next request. The demo serves one organization, so every
// request resolves to it rather than to a route value.
var provider = DemoDatabase.ProviderFrom(builder.Configuration);
var connectionString = builder.Configuration.GetConnectionString("Organization");
if (string.IsNullOrWhiteSpace(connectionString))
{
    throw new InvalidOperationException("ConnectionStrings:Organization is not set: the web demo needs a database.");
}

var organization = builder.Services.AddVecticeOrganization().AddEntityFrameworkStores<OrganizationDbContext>()
    .AddAuthorization(options => options.OrganizationIdResolver = _ => DemoPeople.Organization.Value);
if (provider == DemoDatabaseProvider.PostgreSql)
{
    // Another demo process on the same database: its commits reach this one's access cache within
    // milliseconds, through LISTEN/NOTIFY.
    builder.Services.AddDbContext<OrganizationDbContext>(options => options.UseNpgsql(connectionString));
    organization.AddPostgreSqlChangeFeed(connectionString);
}
else
{
    // Another demo process on the same file: its commits are seen within one poll of the versions.
    builder.Services.AddDbContext<OrganizationDbContext>(options => options.UseSqlite(connectionString));
    organization.AddPollingChangeFeed();
}

// Demo sign-in: choosing a seeded person sets a cookie. A real host plugs in its own identity here.
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(options =>
    {
        options.LoginPath = "/signin";
        options.Cookie.Name = "vectice-webdemo";
        options.Cookie.SameSite = SameSiteMode.Strict;

        // A signed-in user without the permission gets 403 and a page saying so, not a redirect.
        options.Events.OnRedirectToAccessDenied = AccessDeniedPage.WriteAsync;
    });
builder.Services.AddRazorPages(options =>
{
    // Any active member reads the users list (every role reads); only active Admins manage users: the
    // pending changes, their confirmation pages, the requests and the audit trail. Signing in is open.
    options.Conventions.RequireOrganizationPermissionForFolder("/", Permission.ReadWorkspaces);
    options.Conventions.RequireOrganizationPermissionForFolder("/Changes", Permission.ManageUsers);
    options.Conventions.RequireOrganizationPermissionForPage("/Audit", Permission.ManageUsers);
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
