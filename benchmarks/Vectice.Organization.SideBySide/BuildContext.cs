using System.Reflection;
using System.Runtime.Loader;

namespace Vectice.Organization.SideBySide;

/// <summary>
/// One build of Vectice.Organization (and of its Entity Framework Core store, when there) with its own copy
/// of this program's loops: the loops' calls bind to the build in <see cref="Directory"/>; every other
/// assembly is the process's own, shared by both.
/// </summary>
internal sealed class BuildContext : AssemblyLoadContext
{
    private const string Library = "Vectice.Organization";

    private const string Store = Library + ".EntityFrameworkCore";

    private readonly string[] _libraries;

    /// <param name="name">The build's name in the report.</param>
    /// <param name="directory">The build's output directory.</param>
    /// <param name="withStore">Whether the build's Entity Framework Core store is timed too, which the directory must then hold.</param>
    public BuildContext(string name, string directory, bool withStore)
        : base(name)
    {
        Directory = Path.GetFullPath(directory);
        _libraries = withStore ? [Library, Store] : [Library];
        if (_libraries.FirstOrDefault(l => !File.Exists(Path.Combine(Directory, l + ".dll"))) is { } missing)
        {
            throw new ArgumentException($"{Directory} has no {missing}.dll: give the output directory of a build of src/{_libraries[^1]}.", nameof(directory));
        }

        var loops = LoadFromAssemblyPath(typeof(BuildContext).Assembly.Location).GetType(typeof(RoundTripLoops).FullName!, throwOnError: true)!;
        Young = Method(loops, nameof(RoundTripLoops.Young));
        OnLongHistory = Method(loops, nameof(RoundTripLoops.OnLongHistory));
        OnSqlite = Method(loops, nameof(RoundTripLoops.OnSqlite));
        OnPostgreSql = Method(loops, nameof(RoundTripLoops.OnPostgreSql));
        DisposeStores = loops.GetMethod(nameof(RoundTripLoops.DisposeStores), BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<Action>();
    }

    public string Directory { get; }

    /// <summary>A fresh organization's first operations, timed.</summary>
    public Func<int, (double Nanoseconds, double Bytes)> Young { get; }

    /// <summary>The next operations on this build's one organization whose history only grows, timed.</summary>
    public Func<int, (double Nanoseconds, double Bytes)> OnLongHistory { get; }

    /// <summary>The next request + confirm on this build's SQLite database, whose history only grows, timed (<see cref="StoreRoundTrip.Sqlite"/>).</summary>
    public Func<int, (double Nanoseconds, double Bytes)> OnSqlite { get; }

    /// <summary>The next request + confirm on this build's PostgreSQL database, whose history only grows, timed (<see cref="StoreRoundTrip.PostgreSql"/>).</summary>
    public Func<int, (double Nanoseconds, double Bytes)> OnPostgreSql { get; }

    /// <summary>Removes this build's databases, if it made any.</summary>
    public Action DisposeStores { get; }

    /// <summary>
    /// The assemblies this build of the libraries was compiled against whose assembly version differs from the
    /// one this process gives it, or which it lacks (every one but the libraries comes from this program's own
    /// dependencies). A package's patch releases often keep one assembly version: those go unseen.
    /// </summary>
    public IEnumerable<string> DependencyNotes()
    {
        foreach (var reference in _libraries.SelectMany(l => LoadFromAssemblyName(new AssemblyName(l)).GetReferencedAssemblies()).DistinctBy(r => r.Name))
        {
            if (reference.Name is Library or Store)
            {
                continue;
            }

            var given = Given(reference);
            if (given != reference.Version)
            {
                yield return $"compiled against {reference.Name} {reference.Version}, given {given?.ToString() ?? "none: this program lacks it"}";
            }
        }
    }

    private static Version? Given(AssemblyName reference)
    {
        try
        {
            return Default.LoadFromAssemblyName(new AssemblyName(reference.Name!)).GetName().Version;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName) =>
        assemblyName.Name is Library or Store ? LoadFromAssemblyPath(Path.Combine(Directory, assemblyName.Name + ".dll")) : null;

    private static Func<int, (double Nanoseconds, double Bytes)> Method(Type loops, string name) =>
        loops.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<Func<int, (double Nanoseconds, double Bytes)>>();
}
