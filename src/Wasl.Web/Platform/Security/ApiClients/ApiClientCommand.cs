using Microsoft.EntityFrameworkCore;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Platform.Security.ApiClients;

/// <summary>
/// Operators' command line: <c>api-client create --name NAME</c> prints a new key (once), <c>api-client list</c>,
/// <c>api-client revoke ID</c>. Uses the same configuration (database) as the application.
/// </summary>
internal static class ApiClientCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        await using var scope = services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ApiClientStore>();
        switch (args)
        {
            case ["create", "--name", var name, ..] when !string.IsNullOrWhiteSpace(name):
                var (_, key) = await store.CreateAsync(name, CancellationToken.None);
                Console.WriteLine(key);
                return 0;
            case ["list", ..]:
                var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
                foreach (var c in await db.Set<ApiClient>().AsNoTracking().OrderBy(c => c.Id).ToListAsync())
                    Console.WriteLine(FormattableString.Invariant($"{c.Id}\t{c.KeyId}\t{(c.IsActive ? "active" : "revoked")}\t{c.CreatedAt:O}\t{c.Name}"));
                return 0;
            case ["revoke", var id, ..] when int.TryParse(id, System.Globalization.CultureInfo.InvariantCulture, out var clientId):
                return await store.RevokeAsync(clientId, CancellationToken.None) ? 0 : 1;
            default:
                await Console.Error.WriteLineAsync("usage: api-client create --name NAME | api-client list | api-client revoke ID");
                return 2;
        }
    }
}
