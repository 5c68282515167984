using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vectice.Organization.EntityFrameworkCore.Entities;

/// <summary>A bulk change's members as readable JSON text: <c>[{"user":"u1","role":"Member","status":"Active"}]</c>.</summary>
internal static partial class BulkMembersJson
{
    public static string Write(IReadOnlyList<MemberTransition> members) =>
        JsonSerializer.Serialize(members.Select(m => new Row(m.Member.Value, m.From.Role, m.From.Status)).ToArray(), Context.Default.RowArray);

    public static IReadOnlyList<MemberTransition> Read(string json) =>
        (JsonSerializer.Deserialize(json, Context.Default.RowArray) ?? []).Select(r => new MemberTransition(new UserId(r.User), new MembershipState(r.Role, r.Status))).ToArray();

    internal sealed record Row(string User, OrgRole Role, MembershipStatus Status);

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
    [JsonSerializable(typeof(Row[]))]
    internal sealed partial class Context : JsonSerializerContext;
}
