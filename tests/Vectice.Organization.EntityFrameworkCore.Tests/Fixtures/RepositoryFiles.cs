namespace Vectice.Organization.EntityFrameworkCore.Tests.Fixtures;

/// <summary>Files of the repository the tests run from.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Vectice.Organization.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Vectice.Organization.sln not found above " + AppContext.BaseDirectory);
    }
}
