using Wasl.Web.Platform.Security;

namespace Wasl.UnitTests;

public sealed class BotChallengeHashTests
{
    [Fact]
    public void Challenge_hash_matches_the_sha256_the_widget_computes() =>
        // FIPS 180-2 test vector: the widget's crypto.subtle digest of "abc", in lower-case hex.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", BotChallenge.Sha256Hex("abc"));
}
