using System.Reflection;
using System.Runtime.Loader;

namespace Vectice.Organization.SideBySide;

/// <summary>
/// One build of Vectice.Organization with its own copy of this program's loops: the loops' calls bind
/// to the build in <see cref="Directory"/>; every other assembly is the process's own, shared by both.
/// </summary>
internal sealed class BuildContext : AssemblyLoadContext
{
    private const string Library = "Vectice.Organization";

    public BuildContext(string name, string directory)
        : base(name)
    {
        Directory = Path.GetFullPath(directory);
        if (!File.Exists(Path.Combine(Directory, Library + ".dll")))
        {
            throw new ArgumentException($"{Directory} has no {Library}.dll: give the output directory of a build of src/{Library}.", nameof(directory));
        }

        var loops = LoadFromAssemblyPath(typeof(BuildContext).Assembly.Location).GetType(typeof(RoundTripLoops).FullName!, throwOnError: true)!;
        Young = Method(loops, nameof(RoundTripLoops.Young));
        OnLongHistory = Method(loops, nameof(RoundTripLoops.OnLongHistory));
    }

    public string Directory { get; }

    /// <summary>A fresh organization's first operations, timed.</summary>
    public Func<int, (double Nanoseconds, double Bytes)> Young { get; }

    /// <summary>The next operations on this build's one organization whose history only grows, timed.</summary>
    public Func<int, (double Nanoseconds, double Bytes)> OnLongHistory { get; }

    /// <summary>
    /// The assemblies this build of the library was compiled against whose assembly version differs from the
    /// one this process gives it, or which it lacks (every one but the library comes from this program's own
    /// dependencies). A package's patch releases often keep one assembly version: those go unseen.
    /// </summary>
    public IEnumerable<string> DependencyNotes()
    {
        foreach (var reference in LoadFromAssemblyName(new AssemblyName(Library)).GetReferencedAssemblies())
        {
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
        assemblyName.Name == Library ? LoadFromAssemblyPath(Path.Combine(Directory, Library + ".dll")) : null;

    private static Func<int, (double Nanoseconds, double Bytes)> Method(Type loops, string name) =>
        loops.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<Func<int, (double Nanoseconds, double Bytes)>>();
}
