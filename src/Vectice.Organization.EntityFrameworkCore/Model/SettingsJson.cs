using System.Text.Json.Serialization;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>Source-generated JSON for settings stored in audit entries: no reflection, trimming-safe.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(OrganizationSettings))]
internal sealed partial class SettingsJson : JsonSerializerContext;
