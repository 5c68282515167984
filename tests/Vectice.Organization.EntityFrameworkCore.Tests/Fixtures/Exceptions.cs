namespace Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

public static class Exceptions
{
    /// <summary><paramref name="error"/> and its inner exceptions, outermost first.</summary>
    public static IEnumerable<Exception> Chain(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
