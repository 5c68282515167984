using Vectice.Organization.Stores;

namespace Vectice.Organization;

/// <summary>
/// What an operation decided: a refusal, nothing to write (the result as it stands), or a commit and
/// the result it gives once committed. After the attempt, also how the commit went.
/// </summary>
/// <typeparam name="TResult">The public result of the operation.</typeparam>
internal readonly struct WritePlan<TResult>
{
    private WritePlan(Refusal? refusal, OrganizationCommit? commit, TResult result, CommitOutcome outcome)
    {
        Refusal = refusal;
        Commit = commit;
        Result = result;
        Outcome = outcome;
    }

    /// <summary>Why nothing may be written; <see langword="null"/> otherwise.</summary>
    public Refusal? Refusal { get; }

    /// <summary>What to write; <see langword="null"/> when refused or when there is nothing to write.</summary>
    public OrganizationCommit? Commit { get; }

    /// <summary>The result the commit gives (or the unchanged result); not set when refused: the pipeline turns the refusal into the result.</summary>
    public TResult Result { get; }

    /// <summary>How the commit went, once attempted.</summary>
    public CommitOutcome Outcome { get; }

    public static WritePlan<TResult> Refused(Refusal refusal) => new(refusal, null, default!, default);

    public static WritePlan<TResult> Unchanged(TResult result) => new(null, null, result, default);

    public static WritePlan<TResult> Write(OrganizationCommit commit, TResult result) => new(null, commit, result, default);

    public WritePlan<TResult> With(CommitOutcome outcome) => new(Refusal, Commit, Result, outcome);
}
