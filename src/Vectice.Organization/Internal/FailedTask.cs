namespace Vectice.Organization.Internal;

/// <summary>
/// What an async method gives for an exception thrown in its body, for methods that are not async: a
/// cancelled task for an <see cref="OperationCanceledException"/> of a cancelled token, a faulted one otherwise.
/// </summary>
internal static class FailedTask
{
    public static ValueTask<T> Of<T>(Exception exception) =>
        exception is OperationCanceledException { CancellationToken.IsCancellationRequested: true } cancelled
            ? ValueTask.FromCanceled<T>(cancelled.CancellationToken)
            : ValueTask.FromException<T>(exception);
}
