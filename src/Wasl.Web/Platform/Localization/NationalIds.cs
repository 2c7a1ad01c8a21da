using Microsoft.Extensions.Options;

namespace Wasl.Web.Platform.Localization;

/// <summary>Validates and normalizes the national identity number of the deployment's country.</summary>
internal interface INationalIdValidator
{
    string Country { get; }

    /// <summary>True when the input is a well-formed identity number; <paramref name="normalized"/> is then the stored form.</summary>
    bool TryNormalize(string? input, out string normalized);
}

internal static class NationalIdInput
{
    public static string Clean(string? input) => Digits.StripSeparators(Digits.ToAscii(input ?? "").Trim()).ToUpperInvariant();
}

/// <summary>Saudi Arabia: 10 digits, first 1 (citizen) or 2 (resident), Luhn check digit.</summary>
internal sealed class SaudiNationalIdValidator : INationalIdValidator
{
    public string Country => "SA";

    public bool TryNormalize(string? input, out string normalized)
    {
        normalized = NationalIdInput.Clean(input);
        if (normalized.Length != 10 || !Digits.IsAsciiDigits(normalized) || normalized[0] is not ('1' or '2')) return false;
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var digit = normalized[i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                if (digit > 9) digit -= 9;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}

/// <summary>Iran (کد ملی): 10 digits, mod-11 check digit, and not one digit repeated ten times.</summary>
internal sealed class IranNationalIdValidator : INationalIdValidator
{
    public string Country => "IR";

    public bool TryNormalize(string? input, out string normalized)
    {
        normalized = NationalIdInput.Clean(input);
        if (normalized.Length is 8 or 9 && Digits.IsAsciiDigits(normalized)) normalized = normalized.PadLeft(10, '0');
        if (normalized.Length != 10 || !Digits.IsAsciiDigits(normalized)) return false;
        var first = normalized[0];
        if (normalized.All(c => c == first)) return false;
        var sum = 0;
        for (var i = 0; i < 9; i++) sum += (normalized[i] - '0') * (10 - i);
        var remainder = sum % 11;
        var check = normalized[9] - '0';
        return remainder < 2 ? check == remainder : check == 11 - remainder;
    }
}

/// <summary>
/// Oman: the civil number on the resident or citizen card, 7 to 9 digits. No check digit is published, so only the
/// form is checked.
/// </summary>
internal sealed class OmanNationalIdValidator : INationalIdValidator
{
    public string Country => "OM";

    public bool TryNormalize(string? input, out string normalized)
    {
        normalized = NationalIdInput.Clean(input).TrimStart('0');
        return normalized.Length is >= 7 and <= 9 && Digits.IsAsciiDigits(normalized);
    }
}

/// <summary>Morocco (CNIE): one or two Latin letters (the issuing region) followed by 1 to 6 digits, e.g. BK123456.</summary>
internal sealed class MoroccoNationalIdValidator : INationalIdValidator
{
    public string Country => "MA";

    public bool TryNormalize(string? input, out string normalized)
    {
        normalized = NationalIdInput.Clean(input);
        var letters = 0;
        while (letters < normalized.Length && normalized[letters] is >= 'A' and <= 'Z') letters++;
        var digits = normalized.AsSpan(letters);
        return letters is 1 or 2 && digits.Length is >= 1 and <= 6 && Digits.IsAsciiDigits(digits);
    }
}

/// <summary>Chooses the validator for Deployment:Country.</summary>
internal static class NationalIdValidators
{
    public static INationalIdValidator For(string country) => country.ToUpperInvariant() switch
    {
        "SA" => new SaudiNationalIdValidator(),
        "IR" => new IranNationalIdValidator(),
        "OM" => new OmanNationalIdValidator(),
        "MA" => new MoroccoNationalIdValidator(),
        _ => throw new InvalidOperationException($"Deployment:Country '{country}' has no national ID rules (SA, OM, IR, MA)."),
    };

    public static INationalIdValidator FromOptions(IOptions<DeploymentOptions> options) => For(options.Value.Country);
}
