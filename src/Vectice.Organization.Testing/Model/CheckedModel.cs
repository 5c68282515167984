namespace Vectice.Organization.Testing;

/// <summary>
/// The reference model paired with the store it is compared with, so that they are compared after every
/// step: CsCheck itself compares a sequence's actual and model only once, at its end, and a store that
/// is wrong for one step and right again would pass unseen. CsCheck runs each step on the store first,
/// then here, so the store has already done the step when the model does it.
/// </summary>
internal sealed class CheckedModel(ReferenceModel model, StoreUnderModel actual, Action compared)
{
    public ReferenceModel Model { get; } = model;

    /// <summary>Applies a step to the model, then compares the store with it; throws at the first difference.</summary>
    public Task StepAsync(string step, Action<ReferenceModel> apply)
    {
        apply(Model);
        Compare(step);
        return Task.CompletedTask;
    }

    /// <summary>Compares the store with the model; throws when they differ.</summary>
    public void Compare(string step)
    {
        compared();
        if (!actual.Matches(Model))
        {
            throw new ModelMismatchException($"After {step}, the store differs from the model.\n  Store: {actual}\n  Model: {Model}");
        }
    }

    public override string ToString() => Model.ToString();
}
