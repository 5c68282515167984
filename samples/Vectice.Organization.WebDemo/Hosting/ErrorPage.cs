namespace Vectice.Organization.WebDemo.Hosting;

/// <summary>
/// What a visitor gets when a request throws, in every environment: fixed text, so nothing about the
/// failure (type, message, stack, connection string, path) can reach the page; the exception goes to
/// the log. Written without routing, Razor or services so that it cannot fail in turn: a failing
/// handler rethrows the original exception to whatever is outside it, which in Development is the
/// developer exception page that WebApplication adds.
/// </summary>
internal static class ErrorPage
{
    private const string Html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>Error · Acme Corp · Vectice.Organization web demo</title>
            <style>
                body { font-family: system-ui, sans-serif; margin: 0; color: #1d2433; background: #f6f7fb; }
                header { background: #1d2433; color: #fff; padding: .75rem 1.5rem; }
                main { padding: 1.5rem; max-width: 60rem; }
            </style>
        </head>
        <body>
            <header><strong>Acme Corp</strong></header>
            <main>
                <h1>Something went wrong</h1>
                <p>The request could not be completed. If you were confirming a change, the users list and the audit trail show whether it was saved.</p>
                <p><a href="/">Back to the users list</a></p>
            </main>
        </body>
        </html>
        """;

    /// <summary>Writes the page; the exception handler has already set the status to 500.</summary>
    public static Task WriteAsync(HttpContext context)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(Html, context.RequestAborted);
    }
}
