using System.Globalization;
using CsCheck;
using Xunit;

namespace Vectice.Organization.Testing;

/// <summary>
/// Random sequences of operations run against a small reference model and against the store under
/// test, through the services: an organization created with random settings (four-eyes included) by
/// one or two founders, then add member, request a role change, a deactivation, a reactivation or a
/// bulk change, change the settings directly or request a change of four-eyes, confirm, cancel, purge,
/// and let time pass. After every step the store's observable state (settings, members, pending change
/// statuses, audit count, the step's outcome) must equal the model's, and the organization must keep
/// the active Admins its settings require. A failure is shrunk to a minimal sequence, printed in the message.
/// </summary>
/// <remarks>
/// <c>VECTICE_MODEL_ITERATIONS</c> sets how many sequences run (default <see cref="DefaultIterations"/>);
/// <c>VECTICE_MODEL_SECONDS</c>, when set, runs for that long instead: the soak setting. With
/// <c>VECTICE_MODEL_REPORT</c> naming a file, a line of figures (sequences, operations, minutes, and
/// violations: 1 when the run found a sequence that broke the model, which CsCheck then shrinks and
/// reports, else 0) is appended to it after each run.
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
        var (sequences, operations, comparisons) = (0L, 0L, 0L);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var user = Gen.Int[0, Users - 1];
        var role = Gen.Int[1, 3].Select(r => (OrgRole)r);
        var index = Gen.Int[0, 15];
        var kind = Gen.Int[1, 3].Select(k => (ChangeKind)k);
        var group = Gen.Int[1, (1 << Users) - 1].Select(bits => (IReadOnlyList<int>)Enumerable.Range(0, Users).Where(u => (bits & (1 << u)) != 0).ToArray());
        var settings = Gen.Select(Gen.Bool, Gen.Int[0, 2]).Select(t => new OrganizationSettings(false, t.Item1, (FourEyesPolicy)t.Item2));

        // One founder in a few sequences even under four-eyes, where the organization is refused.
        var founders = Gen.Int[0, 9].Select(n => n < 3 ? 1 : 2);

        async Task<(StoreUnderModel, CheckedModel)> InitialAsync(OrganizationSettings created, int founded)
        {
            Interlocked.Increment(ref sequences);
            var actual = await StoreUnderModel.CreateAsync(Fixture.OpenScope(), created, founded, () => Interlocked.Increment(ref operations));
            var model = new CheckedModel(new ReferenceModel(created, founded, OrganizationUnderTest.TimeToLive), actual, () => Interlocked.Increment(ref comparisons));
            model.Compare($"Create({created}, {founded} founders)");
            return (actual, model);
        }

        var failed = true;
        try
        {
            await RunAsync();
            failed = false;

            // Every operation, the creation included, was compared with the model right after it.
            Assert.Equal(Interlocked.Read(ref operations), Interlocked.Read(ref comparisons));
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("VECTICE_MODEL_REPORT") is { Length: > 0 } report)
            {
                await File.AppendAllTextAsync(
                    report,
                    string.Create(CultureInfo.InvariantCulture, $"| {typeof(TFixture).Name} | {sequences:N0} | {operations:N0} | {clock.Elapsed.TotalMinutes:F1} | {(failed ? 1 : 0)} |{Environment.NewLine}"));
            }
        }

        Task RunAsync() => Check.SampleModelBasedAsync(
            initial: Gen.Select(settings, founders).Select(t => InitialAsync(t.Item1, t.Item2)),
            operations:
            [
                Step<(int Actor, int User, OrgRole Role)>(
                    Gen.Select(user, user, role),
                    t => $"AddMember(u{t.Actor}, u{t.User}, {t.Role})",
                    (actual, t) => actual.AddMemberAsync(t.Actor, t.User, t.Role),
                    (model, t) => model.AddMember(t.Actor, t.User, t.Role)),
                Step<(int Actor, int Target, ChangeKind Kind, OrgRole Role)>(
                    Gen.Select(user, user, kind, role),
                    t => $"Request(u{t.Actor}, u{t.Target}, {t.Kind}, {t.Role})",
                    (actual, t) => actual.RequestAsync(t.Actor, t.Target, t.Kind, t.Role),
                    (model, t) => model.Request(t.Actor, t.Target, t.Kind, t.Role)),
                Step<(int Actor, int Index)>(
                    Gen.Select(user, index),
                    t => $"Confirm(u{t.Actor}, change #{t.Index})",
                    (actual, t) => actual.ConfirmAsync(t.Actor, t.Index),
                    (model, t) => model.Confirm(t.Actor, t.Index)),
                Step<(int Actor, int Index)>(
                    Gen.Select(user, index),
                    t => $"Cancel(u{t.Actor}, change #{t.Index})",
                    (actual, t) => actual.CancelAsync(t.Actor, t.Index),
                    (model, t) => model.Cancel(t.Actor, t.Index)),
                Step<(int Actor, IReadOnlyList<int> Targets, OrgRole Role)>(
                    Gen.Select(user, group, role),
                    t => $"RequestBulk(u{t.Actor}, [{string.Join(", ", t.Targets.Select(u => $"u{u}"))}], {t.Role})",
                    (actual, t) => actual.RequestBulkAsync(t.Actor, t.Targets, t.Role),
                    (model, t) => model.RequestBulk(t.Actor, t.Targets, t.Role)),
                Step<(int Actor, OrganizationSettings Settings)>(
                    Gen.Select(user, settings),
                    t => $"ChangeSettings(u{t.Actor}, invite {t.Settings.MembersCanInviteColleagues}, four-eyes {t.Settings.FourEyes})",
                    (actual, t) => actual.ChangeSettingsAsync(t.Actor, t.Settings),
                    (model, t) => model.ChangeSettings(t.Actor, t.Settings)),
                Step<(int Actor, OrganizationSettings Settings)>(
                    Gen.Select(user, settings),
                    t => $"RequestSettings(u{t.Actor}, invite {t.Settings.MembersCanInviteColleagues}, four-eyes {t.Settings.FourEyes})",
                    (actual, t) => actual.RequestSettingsAsync(t.Actor, t.Settings),
                    (model, t) => model.RequestSettings(t.Actor, t.Settings)),
                Step<int>(
                    user,
                    actor => $"Purge(u{actor})",
                    (actual, actor) => actual.PurgeAsync(actor),
                    (model, actor) => model.Purge(actor)),
                Step<int>(
                    Gen.Int[1, 20],
                    minutes => $"Advance({minutes} min)",
                    (actual, minutes) => actual.AdvanceAsync(TimeSpan.FromMinutes(minutes)),
                    (model, minutes) => model.Advance(TimeSpan.FromMinutes(minutes))),
            ],
            equal: (actual, model) => actual.Matches(model.Model),
            iter: seconds > 0 ? -1 : Setting("VECTICE_MODEL_ITERATIONS") is > 0 and var iterations ? iterations : DefaultIterations,
            time: (int)seconds,
            printActual: actual => actual.ToString(),
            printModel: model => model.ToString());
    }

    /// <summary>An operation run on the store, then on the model, and compared right after.</summary>
    private static GenOperationAsync<StoreUnderModel, CheckedModel> Step<T>(
        Gen<T> arguments, Func<T, string> name, Func<StoreUnderModel, T, Task> actual, Action<ReferenceModel, T> model) =>
        GenOperationAsync.Create<StoreUnderModel, CheckedModel, T>(arguments, name, actual, (checkedModel, t) => checkedModel.StepAsync(name(t), m => model(m, t)));

    private static long Setting(string name) =>
        long.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : -1;

}
