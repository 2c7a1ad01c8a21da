using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.References;

/// <summary>
/// A public reference, e.g. a request's <c>WSL-2026-7K3Q9DM-4</c>; each module chooses its prefix (2 to 6 Latin
/// letters, so it never reverses inside Arabic text), then the year, seven random Crockford base-32 characters (no I,
/// L, O, U) and a check character (position-weighted sum mod 31, a prime: catches any single mistyped character and
/// any swap of neighbours) before any database lookup. Random, so unique across nodes without coordination (the
/// database's unique index and a retry settle the rare collision); the reference alone grants nothing. Numbers that
/// must never skip (a registry) come from <see cref="RegistrySequences"/> instead.
/// </summary>
internal readonly record struct ReferenceNumber(string Prefix, int Year, string Random)
{
    internal const string Alphabet = Platform.Tracking.GuestSecret.Alphabet;
    public const int RandomLength = 7;

    public char Check
    {
        get
        {
            var digits = Year.ToString("0000", CultureInfo.InvariantCulture).Select(c => c - '0')
                .Concat(Random.Select(c => Alphabet.IndexOf(c, StringComparison.Ordinal)));
            var sum = digits.Select((d, i) => (i + 1) * d).Sum();
            return Alphabet[sum % 31];
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Prefix}-{Year:0000}-{Random}-{Check}");

    public static ReferenceNumber New(string prefix, int year)
    {
        Span<char> chars = stackalloc char[RandomLength];
        for (var i = 0; i < chars.Length; i++) chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new ReferenceNumber(prefix.ToUpperInvariant(), year, new string(chars));
    }

    /// <summary>
    /// Reads what a person typed: any case, Arabic-Indic or Persian digits, spaces or missing dashes, and the usual
    /// look-alikes (I and L for 1, O for 0). False when the form or the check character is wrong.
    /// </summary>
    public static bool TryParse(string? input, out ReferenceNumber number)
    {
        number = default;
        if (string.IsNullOrWhiteSpace(input)) return false;
        var cleaned = new StringBuilder();
        foreach (var ch in Digits.ToAscii(input).ToUpperInvariant())
            if (char.IsAsciiLetterOrDigit(ch)) cleaned.Append(ch);
        var s = cleaned.ToString();
        var prefixLength = 0;
        while (prefixLength < s.Length && char.IsAsciiLetter(s[prefixLength])) prefixLength++;
        if (prefixLength is < 2 or > 6 || s.Length != prefixLength + 4 + RandomLength + 1) return false;
        if (!int.TryParse(s.AsSpan(prefixLength, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return false;
        var random = new StringBuilder(RandomLength);
        foreach (var ch in s.AsSpan(prefixLength + 4, RandomLength))
        {
            var c = ch switch { 'I' or 'L' => '1', 'O' => '0', _ => ch };
            if (!Alphabet.Contains(c, StringComparison.Ordinal)) return false;
            random.Append(c);
        }
        var candidate = new ReferenceNumber(s[..prefixLength], year, random.ToString());
        var check = s[^1] switch { 'I' or 'L' => '1', 'O' => '0', var other => other };
        if (candidate.Check != check) return false;
        number = candidate;
        return true;
    }
}
