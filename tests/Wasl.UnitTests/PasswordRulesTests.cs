using Wasl.Web.Platform.Identity;

namespace Wasl.UnitTests;

public sealed class PasswordRulesTests
{
    [Theory]
    [InlineData("1234567890")]
    [InlineData("password123")]
    [InlineData("Password2026!")]
    [InlineData("P@ssw0rd1234")]
    [InlineData("iloveyou!!!")]
    [InlineData("١٢٣٤٥٦٧٨٩٠")]
    [InlineData("wasl123456")]
    [InlineData("bismillah786")]
    [InlineData("azertyuiop")]
    [InlineData("doostetdaram")]
    [InlineData("كلمة المرور")]
    public void The_most_common_passwords_are_refused(string password) =>
        Assert.Equal(PasswordWeakness.Common, PasswordRules.Check(password, null, null, null));

    [Theory]
    [InlineData("abcdefghij")]
    [InlineData("3456789012")]
    [InlineData("zyxwvutsrq")]
    [InlineData("aaaaaaaaaa")]
    [InlineData("4545454545")]
    [InlineData("abcabcabcabc")]
    [InlineData("2w3e4r5t6y7u")]
    [InlineData("mnbvcxz123")]
    [InlineData("qwertyasdfgh")]
    [InlineData("poiuytrewq")]
    [InlineData("5tgb6yhn7ujm")]
    [InlineData("ضصثقفغعهخح")]
    [InlineData("qwertymonkey")]
    public void Sequences_repetitions_and_keyboard_walks_are_refused(string password) =>
        Assert.Equal(PasswordWeakness.Pattern, PasswordRules.Check(password, null, null, null));

    [Fact]
    public void A_password_holding_the_account_identifiers_is_refused_and_says_which()
    {
        Assert.Equal(PasswordWeakness.ContainsUserName, PasswordRules.Check("Layla.Salem likes tea", "layla.salem", null, null));
        Assert.Equal(PasswordWeakness.ContainsNationalId, PasswordRules.Check("tea 1000000024 time", "1000000024", "1000000024", null));
        // Stored as +966…, typed as 05…: the local number is found either way, in any digits.
        Assert.Equal(PasswordWeakness.ContainsMobile, PasswordRules.Check("call ٠٥٥١٢٣٩٨٧٦ now", "x", null, "+966551239876"));
    }

    [Theory]
    [InlineData("Wasl-Demo-2026")]
    [InlineData("my long pass phrase")]
    [InlineData("a brand new passphrase")]
    [InlineData("correct horse battery staple")]
    [InlineData("القهوة في الصباح الباكر")]
    [InlineData("Tigre bleu sous la pluie")]
    [InlineData("k9#Vt2!qLm8z")]
    public void Passphrases_and_random_passwords_pass(string password) =>
        Assert.Equal(PasswordWeakness.None, PasswordRules.Check(password, "admin", "1000000008", "+966500000099"));
}
