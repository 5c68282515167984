using System.Collections;

namespace Vectice.Organization.Tests.TestSupport;

/// <summary>
/// A caller's collection that lies or changes as it is read: its <see cref="Count"/> is the test's to
/// choose, and each enumeration gives the next of <paramref name="reads"/> (the last one again once they
/// run out).
/// </summary>
internal sealed class ShiftingCollection<T>(int count, params IReadOnlyList<T>[] reads) : IReadOnlyCollection<T>
{
    /// <summary>How many times the collection has been enumerated.</summary>
    public int Enumerations { get; private set; }

    public int Count => count;

    public IEnumerator<T> GetEnumerator() => reads[Math.Min(Enumerations++, reads.Length - 1)].GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
