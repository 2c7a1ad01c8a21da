using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.References;
using Wasl.Web.Platform.Tracking;

namespace Wasl.UnitTests;

public sealed class RequestNumberTests
{
    [Fact]
    public void A_new_number_reads_back_as_itself()
    {
        for (var i = 0; i < 200; i++)
        {
            var number = ReferenceNumber.New("wsl", 2026);
            Assert.Matches("^WSL-2026-[0-9A-HJKMNP-TV-Z]{7}-[0-9A-HJKMNP-TV-Z]$", number.ToString());
            Assert.True(ReferenceNumber.TryParse(number.ToString(), out var parsed));
            Assert.Equal(number, parsed);
        }
    }

    [Fact]
    public void Typing_slips_are_forgiven_where_they_are_unambiguous()
    {
        var number = new ReferenceNumber("WSL", 2026, "7K3Q9D1");
        var typed = $" wsl ٢٠٢٦ 7k3q9dl {number.Check} ".ToLowerInvariant();
        Assert.True(ReferenceNumber.TryParse(typed, out var parsed));
        Assert.Equal(number, parsed);
    }

    [Fact]
    public void A_changed_or_swapped_character_is_caught_by_the_check_character()
    {
        var number = new ReferenceNumber("WSL", 2026, "7K3Q9D1").ToString();
        var changed = number.Replace("7K3Q9D1", "7K3Q9D2", StringComparison.Ordinal);
        var swapped = number.Replace("7K3Q9D1", "K73Q9D1", StringComparison.Ordinal);
        Assert.False(ReferenceNumber.TryParse(changed, out _));
        Assert.False(ReferenceNumber.TryParse(swapped, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("WSL-2026")]
    [InlineData("2026-000123")]
    [InlineData("WSL-2026-7K3Q9DU-0")]
    [InlineData("W-2026-7K3Q9D1-0")]
    public void Malformed_input_is_refused(string input) => Assert.False(ReferenceNumber.TryParse(input, out _));
}

public sealed class GuestSecretTests
{
    private static readonly byte[] Pepper = "a server-side pepper of 32 bytes"u8.ToArray();

    [Fact]
    public void The_secret_verifies_against_its_hash_as_typed_by_a_person()
    {
        var secret = GuestSecret.New();
        Assert.Equal(GuestSecret.Length, secret.Length);
        var hash = GuestSecret.Hash(secret, Pepper);
        Assert.True(GuestSecret.Verify(secret.ToLowerInvariant().Insert(4, " - "), hash, Pepper));
    }

    [Fact]
    public void A_wrong_secret_or_another_pepper_fails()
    {
        var hash = GuestSecret.Hash("7K3Q9D1A", Pepper);
        Assert.False(GuestSecret.Verify("7K3Q9D1B", hash, Pepper));
        Assert.False(GuestSecret.Verify("7K3Q9D1A", hash, "another pepper, another server!!"u8.ToArray()));
        Assert.False(GuestSecret.Verify("", hash, Pepper));
    }

    [Fact]
    public void Secrets_are_not_repeated()
    {
        var seen = Enumerable.Range(0, 2000).Select(_ => GuestSecret.New()).ToHashSet();
        Assert.Equal(2000, seen.Count);
    }
}
