using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Identity;

/// <summary>Why a password is refused beyond its length (ASVS 6.2.4, 6.2.11): no composition rules, only guessability.</summary>
internal enum PasswordWeakness
{
    None,
    Common,
    Pattern,
    ContainsUserName,
    ContainsNationalId,
    ContainsMobile,
}

/// <summary>
/// Refuses the passwords an attacker tries first: the common list (also with digits or symbols appended, or letters
/// written as digits), sequences, repetitions and keyboard walks, and a password built from the account's own
/// identifiers. Pure functions, so the rules are tested without a database.
/// </summary>
internal static class PasswordRules
{
    // Longer passwords are passphrases: a walk or a list word inside them no longer makes them guessable.
    private const int PatternCheckLimit = 64;

    // Keyboard rows and columns (QWERTY, AZERTY, Arabic and Persian layouts), the alphabets and the digits. A run of
    // three or more characters from one of these, forwards or backwards, is a "walk".
    private static readonly string[] Walks = WithReversed(
    [
        "`1234567890-=", "~!@#$%^&*()_+", "01234567890", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./",
        "azertyuiop", "qsdfghjklm", "wxcvbn", "qwertzuiop", "yxcvbnm",
        "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/", "zaq1xsw2cde3vfr4bgt5nhy6mju7,ki8.lo9/;p0",
        "1q2w3e4r5t6y7u8i9o0p", "q1w2e3r4t5y6u7i8o9p0", "1a2z3e4r5t6y7u8i9o0p", "qazwsxedcrfvtgbyhnujmikolp",
        "abcdefghijklmnopqrstuvwxyz", "ابتثجحخدذرزسشصضطظعغفقكلمنهوي", "ابجدهوزحطيكلمنسعفصقرشتثخذضظغ",
        "ضصثقفغعهخحجد", "شسيبلاتنمكط", "ئءؤرلاىةوزظ", "ضصثقفغعهخحجچ", "شسیبلاتنمکگ", "ظطزرذدپو",
    ]);

    private static string[] WithReversed(string[] walks) =>
        [.. walks, .. walks.Select(w => new string([.. w.Reverse()]))];

    public static PasswordWeakness Check(string password, string? userName, string? nationalId, string? mobile)
    {
        var p = Normalize(password);
        if (p.Length == 0) return PasswordWeakness.None;
        if (IsCommon(p)) return PasswordWeakness.Common;
        if (p.Length <= PatternCheckLimit && IsPattern(p)) return PasswordWeakness.Pattern;
        // The national ID first: a beneficiary's user name is their national ID, and that is the name they know it by.
        if (Contains(p, nationalId, 4)) return PasswordWeakness.ContainsNationalId;
        var digits = Digits.ToAscii(mobile ?? "").Where(char.IsAsciiDigit).ToArray();
        // The mobile is stored as +9665XXXXXXXX and typed as 05XXXXXXXX: its last nine digits are in both.
        if (digits.Length >= 7 && p.Contains(new string(digits[^Math.Min(9, digits.Length)..]), StringComparison.Ordinal))
            return PasswordWeakness.ContainsMobile;
        return Contains(p, userName, 4) ? PasswordWeakness.ContainsUserName : PasswordWeakness.None;
    }

    /// <summary>Lower case, ASCII digits, no spaces: "Pass Word ١٢٣" and "password123" are the same guess.</summary>
    internal static string Normalize(string password)
    {
        var sb = new StringBuilder(password.Length);
        foreach (var ch in Digits.ToAscii(password).Normalize(NormalizationForm.FormKC))
            if (!char.IsWhiteSpace(ch) && ch != '\u0640') sb.Append(char.ToLowerInvariant(ch)); // U+0640: Arabic tatweel
        return sb.ToString();
    }

    private static bool IsCommon(string p)
    {
        if (CommonPasswords.All.Contains(p)) return true;
        // A list word with digits or symbols appended ("monkey2024!", "qwerty@123") or prepended ("123password").
        var stem = p.TrimEnd(NotLetters).TrimStart(NotLetters);
        if (stem.Length >= 3 && stem.Length < p.Length && CommonPasswords.All.Contains(stem)) return true;
        // Letters written as digits or symbols ("p@ssw0rd", "l3tm31n").
        var plain = Unleet(p);
        if (plain != p && CommonPasswords.All.Contains(plain)) return true;
        var plainStem = Unleet(stem);
        return plainStem.Length >= 3 && CommonPasswords.All.Contains(plainStem);
    }

    private static readonly char[] NotLetters = "0123456789!@#$%^&*()_+-=.,;:?/\\|'\"`~[]{}<>".ToCharArray();

    private static string Unleet(string p) => string.Create(p.Length, p, static (span, s) =>
    {
        for (var i = 0; i < s.Length; i++)
            span[i] = s[i] switch { '@' or '4' => 'a', '0' => 'o', '1' or '!' => 'i', '3' => 'e', '$' or '5' => 's', '7' => 't', '8' => 'b', _ => s[i] };
    });

    /// <summary>
    /// Whether the password is made of at most two trivial pieces: walks ("qwertyuiop", "1q2w3e4r5t", "0987654321",
    /// "abcdefghij"), one character repeated ("aaaaaaaaaa"), a short unit repeated ("abcabcabca", "1212121212"),
    /// or a list word ("qwertypassword").
    /// </summary>
    internal static bool IsPattern(string p)
    {
        for (var unit = 1; unit <= 4 && unit < p.Length; unit++)
        {
            var repeats = true;
            for (var i = unit; i < p.Length && repeats; i++) repeats = p[i] == p[i - unit];
            if (repeats) return true;
        }
        // Fewest trivial pieces covering p[..i]; pieces are at least three characters long.
        var pieces = new int[p.Length + 1];
        Array.Fill(pieces, int.MaxValue);
        pieces[0] = 0;
        for (var end = 3; end <= p.Length; end++)
            for (var start = 0; start <= end - 3; start++)
                if (pieces[start] < 2 && IsTrivialPiece(p[start..end]))
                    pieces[end] = Math.Min(pieces[end], pieces[start] + 1);
        return pieces[p.Length] <= 2;
    }

    private static bool IsTrivialPiece(string piece)
    {
        if (piece.All(c => c == piece[0])) return true;
        if (piece.Length >= 4 && CommonPasswords.All.Contains(piece)) return true;
        foreach (var walk in Walks)
            if (walk.Contains(piece, StringComparison.Ordinal)) return true;
        return false;
    }

    private static bool Contains(string p, string? value, int minLength)
    {
        if (string.IsNullOrWhiteSpace(value)) return false;
        var v = Normalize(value);
        return v.Length >= minLength && p.Contains(v, StringComparison.Ordinal);
    }
}

/// <summary>Identity's validator over <see cref="PasswordRules"/>: each refusal names the password field and the reason.</summary>
internal sealed class GuessablePasswordValidator(IStringLocalizer<SharedResource> t) : IPasswordValidator<WaslUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<WaslUser> manager, WaslUser user, string? password)
    {
        var weakness = PasswordRules.Check(password ?? "", user.UserName, user.NationalId, user.PhoneNumber);
        if (weakness == PasswordWeakness.None) return Task.FromResult(IdentityResult.Success);
        // Codes start with "Password": the pages put such errors on their password field.
        var code = "Password" + weakness.ToString();
        return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = code, Description = t["Identity." + code] }));
    }
}
