using System.Globalization;
using CsCheck;
using Xunit;

namespace Vectice.Organization.Testing;

/// <summary>
/// Random sequences of operations (add member, request a role change, a deactivation, a
/// reactivation or a bulk change, confirm, cancel, change the settings and four-eyes, let time pass)
/// run against a small reference model and against
/// the store under test, through the services. After every step the store's observable state
/// (members, pending change statuses, audit count, the last outcome) must equal the model's, and
/// every invariant must hold. A failure is shrunk to a minimal sequence, printed in the message.
/// </summary>
/// <remarks>
/// <c>VECTICE_MODEL_ITERATIONS</c> sets how many sequences run (default <see cref="DefaultIterations"/>);
/// <c>VECTICE_MODEL_SECONDS</c>, when set, runs for that long instead: the soak setting. With
/// <c>VECTICE_MODEL_REPORT</c> naming a file, a line of figures (sequences, operations, seconds) is
/// appended to it after each run.
/// </remarks>
/// <typeparam name="TFixture">The store under test.</typeparam>
public abstract class ModelBasedSpecification<TFixture> : StoreSpecification<TFixture>
    where TFixture : StoreFixture
{
    private const int Users = 5;

    /// <summary>Creates the suite over <paramref name="fixture"/>.</summary>
    /// <param name="fixture">The store under test.</param>
    protected ModelBasedSpecification(TFixture fixture)
        : base(fixture)
    {
    }

    /// <summary>How many sequences run when <c>VECTICE_MODEL_ITERATIONS</c> is not set.</summary>
    protected virtual long DefaultIterations => 100;

    /// <summary>The store keeps equal to the model, with every invariant, through random operation sequences.</summary>
    /// <returns>A task.</returns>
    [SkippableFact]
    public async Task Random_operation_sequences_match_the_model_and_keep_every_invariant()
    {
        SkipIfUnavailable();
        var seconds = Setting("VECTICE_MODEL_SECONDS");
        var (sequences, operations) = (0L, 0L);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var user = Gen.Int[0, Users - 1];
        var role = Gen.Int[1, 3].Select(r => (OrgRole)r);
        var index = Gen.Int[0, 15];
        var kind = Gen.Int[1, 3].Select(k => (ChangeKind)k);
        var group = Gen.Int[1, (1 << Users) - 1].Select(bits => (IReadOnlyList<int>)Enumerable.Range(0, Users).Where(u => (bits & (1 << u)) != 0).ToArray());
        var settings = Gen.Select(Gen.Bool, Gen.Int[0, 2]).Select(t => new OrganizationSettings(false, t.Item1, (FourEyesPolicy)t.Item2));

        async Task<(StoreUnderModel, ReferenceModel)> InitialAsync()
        {
            Interlocked.Increment(ref sequences);
            return (await StoreUnderModel.CreateAsync(Fixture.OpenScope(), () => Interlocked.Increment(ref operations)), new ReferenceModel());
        }

        await Check.SampleModelBasedAsync(
            initial: Gen.Int[0, 0].Select(_ => InitialAsync()),
            operations:
            [
                GenOperationAsync.Create<StoreUnderModel, ReferenceModel, (int Actor, int User, OrgRole Role)>(
                    Gen.Select(user, user, role),
                    t => $"AddMember(u{t.Actor}, u{t.User}, {t.Role})",
                    (actual, t) => actual.AddMemberAsync(t.Actor, t.User, t.Role),
                    (model, t) => Done(() => model.AddMember(t.Actor, t.User, t.Role))),
                GenOperationAsync.Create<StoreUnderModel, ReferenceModel, (int Actor, int Target, ChangeKind Kind, OrgRole Role)>(
                    Gen.Select(user, user, kind, role),
                    t => $"Request(u{t.Actor}, u{t.Target}, {t.Kind}, {t.Role})",
                    (actual, t) => actual.RequestAsync(t.Actor, t.Target, t.Kind, t.Role),
                    (model, t) => Done(() => model.Request(t.Actor, t.Target, t.Kind, t.Role))),
                GenOperationAsync.Create<StoreUnderModel, ReferenceModel, (int Actor, int Index)>(
                    Gen.Select(user, index),
                    t => $"Confirm(u{t.Actor}, change #{t.Index})",
                    (actual, t) => actual.ConfirmAsync(t.Actor, t.Index),
                    (model, t) => Done(() => model.Confirm(t.Actor, t.Index))),
                GenOperationAsync.Create<StoreUnderModel, ReferenceModel, (int Actor, int Index)>(
                    Gen.Select(user, index),
                    t => $"Cancel(u{t.Actor}, change #{t.Index})",
                    (actual, t) => actual.CancelAsync(t.Actor, t.Index),
                    (model, t) => Done(() => model.Cancel(t.Actor, t.Index))),
                GenOperationAsync.Create<StoreUnderModel, ReferenceModel, (int Actor, IReadOnlyList<int> Targets, OrgRole Role)>(
                    Gen.Select(user, group, role),
                    t => $"RequestBulk(u{t.Actor}, [{string.Join(", ", t.Targets.Select(u => $"u{u}"))}], {t.Role})",
                    (actual, t) => actual.RequestBulkAsync(t.Actor, t.Targets, t.Role),
                    (model, t) => Done(() => model.RequestBulk(t.Actor, t.Targets, t.Role))),
                GenOperationAsync.Create<StoreUnderModel, ReferenceModel, (int Actor, OrganizationSettings Settings)>(
                    Gen.Select(user, settings),
                    t => $"ChangeSettings(u{t.Actor}, invite {t.Settings.MembersCanInviteColleagues}, four-eyes {t.Settings.FourEyes})",
                    (actual, t) => actual.ChangeSettingsAsync(t.Actor, t.Settings),
                    (model, t) => Done(() => model.ChangeSettings(t.Actor, t.Settings))),
                GenOperationAsync.Create<StoreUnderModel, ReferenceModel, int>(
                    Gen.Int[1, 20],
                    minutes => $"Advance({minutes} min)",
                    (actual, minutes) => actual.AdvanceAsync(TimeSpan.FromMinutes(minutes)),
                    (model, minutes) => Done(() => model.Advance(TimeSpan.FromMinutes(minutes)))),
            ],
            equal: (actual, model) => actual.Matches(model),
            iter: seconds > 0 ? -1 : Setting("VECTICE_MODEL_ITERATIONS") is > 0 and var iterations ? iterations : DefaultIterations,
            time: (int)seconds,
            printActual: actual => actual.ToString(),
            printModel: model => model.ToString());

        if (Environment.GetEnvironmentVariable("VECTICE_MODEL_REPORT") is { Length: > 0 } report)
        {
            await File.AppendAllTextAsync(
                report,
                string.Create(CultureInfo.InvariantCulture, $"| {typeof(TFixture).Name} | {sequences:N0} | {operations:N0} | {clock.Elapsed.TotalMinutes:F1} | 0 |{Environment.NewLine}"));
        }
    }

    private static Task Done(Action apply)
    {
        apply();
        return Task.CompletedTask;
    }

    private static long Setting(string name) =>
        long.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : -1;

}
