using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Wasl.Web.Platform.Security.ApiClients;

/// <summary>
/// Another system allowed to call the JSON API. Its key is shown once when created: "wsk_" + public id + "_" +
/// secret. Only a SHA-256 of the 256-bit secret is stored (a key of that entropy needs no slow hash).
/// </summary>
internal sealed class ApiClient
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string KeyId { get; set; } = "";
    public byte[] KeyHash { get; set; } = [];
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    internal const string KeyPrefix = "wsk_";

    internal static (string KeyId, string Secret, string Key) NewKey()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (keyId, secret, KeyPrefix + keyId + "_" + secret);
    }

    internal static bool TryParse(string key, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (!key.StartsWith(KeyPrefix, StringComparison.Ordinal)) return false;
        var rest = key[KeyPrefix.Length..];
        var separator = rest.IndexOf('_', StringComparison.Ordinal);
        if (separator != 12 || rest.Length - separator - 1 != 43) return false;
        keyId = rest[..separator];
        secret = rest[(separator + 1)..];
        return true;
    }

    internal static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> b)
    {
        b.ToTable("ApiClients");
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.KeyId).HasMaxLength(12);
        b.HasIndex(c => c.KeyId).IsUnique();
        b.Property(c => c.KeyHash).HasMaxLength(32);
    }
}
