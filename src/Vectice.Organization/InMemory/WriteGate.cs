namespace Vectice.Organization.InMemory;

/// <summary>
/// One organization's write lock, held by a writer from its first read to its commit. Free, it is taken and
/// let go with one compare-and-swap each: the in-memory store's writes are fast enough that a monitor taken
/// both times, as a <see cref="SemaphoreSlim"/> takes one, shows. Writers that find it held wait in their order
/// of arrival, asynchronously; one whose token is cancelled first is skipped when the lock is handed on.
/// </summary>
internal sealed class WriteGate
{
    private const int Free = 0;
    private const int Held = 1;

    // Held, and a writer may be queued: letting go then hands the lock on under _sync.
    private const int HeldWithQueue = 2;

    private readonly Lock _sync = new();
    private Queue<Waiter>? _queue;
    private int _state;

    /// <summary>Takes the lock if it is free.</summary>
    public bool TryEnter() => Interlocked.CompareExchange(ref _state, Held, Free) == Free;

    /// <summary>
    /// Completes once the caller holds the lock: at once if it is free, else when the writers before it
    /// have let it go. Canceled, with nothing held, if <paramref name="cancellationToken"/> is cancelled first.
    /// </summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        Waiter waiter;
        lock (_sync)
        {
            // Taken outside _sync (TryEnter) and let go outside it (Exit from Held), so read it again until either
            // the lock is ours or its holder must hand it on under _sync.
            while (true)
            {
                var state = Volatile.Read(ref _state);
                if (state == Free)
                {
                    if (Interlocked.CompareExchange(ref _state, Held, Free) == Free)
                    {
                        return Task.CompletedTask;
                    }
                }
                else if (state == HeldWithQueue || Interlocked.CompareExchange(ref _state, HeldWithQueue, Held) == Held)
                {
                    break;
                }
            }

            // Registered before it is queued, so that whoever claims it finds its registration set. A token cancelled
            // meanwhile runs Cancel here, which takes no lock.
            waiter = new Waiter();
            if (cancellationToken.CanBeCanceled)
            {
                waiter.CancelWith(cancellationToken);
            }

            (_queue ??= new()).Enqueue(waiter);
        }

        return waiter.Task;
    }

    /// <summary>Lets the lock go: to the first writer still waiting, else free.</summary>
    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    public void Exit()
    {
        if (Interlocked.CompareExchange(ref _state, Free, Held) != Held)
        {
            HandOn();
        }
    }

    private void HandOn()
    {
        Waiter? next = null;
        lock (_sync)
        {
            if (Volatile.Read(ref _state) == Free)
            {
                throw new InvalidOperationException("The write lock is let go, but nobody holds it.");
            }

            while (_queue is { Count: > 0 } queue && next is null)
            {
                next = queue.Dequeue().TryClaim();
            }

            Volatile.Write(ref _state, next is null ? Free : _queue!.Count > 0 ? HeldWithQueue : Held);
        }

        // Outside _sync: the waiter's continuation runs elsewhere (RunContinuationsAsynchronously), holding the lock.
        next?.Grant();
    }

    private sealed class Waiter() : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        private const int Waiting = 0;
        private const int Claimed = 1;
        private const int Cancelled = 2;

        private int _state;
        private CancellationTokenRegistration _cancellation;

        public void CancelWith(CancellationToken cancellationToken) =>
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Cancel(token), this);

        /// <summary>This waiter, to be granted the lock, unless its wait was cancelled first.</summary>
        public Waiter? TryClaim() => Interlocked.CompareExchange(ref _state, Claimed, Waiting) == Waiting ? this : null;

        public void Grant()
        {
            _cancellation.Unregister();
            TrySetResult();
        }

        // Left in the queue (a queue cannot drop its middle), where the writer letting go skips it.
        private void Cancel(CancellationToken token)
        {
            if (Interlocked.CompareExchange(ref _state, Cancelled, Waiting) == Waiting)
            {
                TrySetCanceled(token);
            }
        }
    }
}
