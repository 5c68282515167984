namespace Vectice.Organization.WebDemo.Hosting;

/// <summary>Reads ids posted by forms; anything the SDK's types reject is a bad request, not an error.</summary>
internal static class FormInput
{
    public static bool TryUserId(string? text, out UserId id)
    {
        try
        {
            id = new UserId(text!);
            return true;
        }
        catch (ArgumentException)
        {
            id = default;
            return false;
        }
    }
}
