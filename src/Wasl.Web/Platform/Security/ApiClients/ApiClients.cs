using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Platform.Security.ApiClients;

/// <summary>Creates, revokes and recognises API clients. A recognised key is remembered briefly so the API's hot path does not read the table every call.</summary>
internal sealed class ApiClientStore(WaslDbContext db, IMemoryCache cache, TimeProvider clock)
{
    /// <summary>How long a node may keep accepting a key after it is revoked elsewhere.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(15);

    public async Task<(ApiClient Client, string Key)> CreateAsync(string name, CancellationToken ct)
    {
        var (keyId, secret, key) = ApiClient.NewKey();
        var client = new ApiClient { Name = name.Trim(), KeyId = keyId, KeyHash = ApiClient.Hash(secret), CreatedAt = clock.GetUtcNow() };
        db.Add(client);
        await db.SaveChangesAsync(ct);
        return (client, key);
    }

    public async Task<bool> RevokeAsync(int id, CancellationToken ct)
    {
        var client = await db.Set<ApiClient>().SingleOrDefaultAsync(c => c.Id == id && c.IsActive, ct);
        if (client is null) return false;
        client.IsActive = false;
        client.RevokedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        cache.Remove(CacheKey(client.KeyId));
        return true;
    }

    /// <summary>The active client holding this key, or null; the secret is compared in constant time.</summary>
    public async Task<(int Id, string Name)?> AuthenticateAsync(string key, CancellationToken ct)
    {
        if (!ApiClient.TryParse(key, out var keyId, out var secret)) return null;
        var entry = await cache.GetOrCreateAsync(CacheKey(keyId), async e =>
        {
            e.AbsoluteExpirationRelativeToNow = CacheFor;
            return await db.Set<ApiClient>().AsNoTracking().Where(c => c.KeyId == keyId && c.IsActive)
                .Select(c => new CachedClient(c.Id, c.Name, c.KeyHash)).SingleOrDefaultAsync(ct);
        });
        if (entry is null || !CryptographicOperations.FixedTimeEquals(entry.KeyHash, ApiClient.Hash(secret))) return null;
        return (entry.Id, entry.Name);
    }

    private static string CacheKey(string keyId) => "api-client:" + keyId;

    private sealed record CachedClient(int Id, string Name, byte[] KeyHash);
}
