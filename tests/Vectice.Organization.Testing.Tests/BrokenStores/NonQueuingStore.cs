namespace Vectice.Organization.Testing.Tests;

/// <summary>
/// A correct store whose writers do not queue: it keeps the contract's default
/// <see cref="Stores.IOrganizationStore.WriteAsync"/>, so writers of one organization race and the loser's
/// commit conflicts. The kit's queue test must catch it; its version checks are sound.
/// </summary>
internal sealed class NonQueuingStore : ForwardingStore;
