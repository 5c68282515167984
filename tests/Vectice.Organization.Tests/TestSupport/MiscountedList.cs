using System.Collections;

namespace Vectice.Organization.Tests.TestSupport;

/// <summary>A list whose <see cref="Count"/> is the test's to choose, while its indexer and enumerator give its items.</summary>
internal sealed class MiscountedList<T>(int count, params T[] items) : IList<T>, IReadOnlyCollection<T>
{
    public int Count => count;

    public bool IsReadOnly => true;

    public T this[int index] { get => items[index]; set => throw new NotSupportedException(); }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public int IndexOf(T item) => Array.IndexOf(items, item);

    public bool Contains(T item) => IndexOf(item) >= 0;

    public void CopyTo(T[] array, int arrayIndex) => items.CopyTo(array, arrayIndex);

    public void Add(T item) => throw new NotSupportedException();

    public void Insert(int index, T item) => throw new NotSupportedException();

    public bool Remove(T item) => throw new NotSupportedException();

    public void RemoveAt(int index) => throw new NotSupportedException();

    public void Clear() => throw new NotSupportedException();
}
