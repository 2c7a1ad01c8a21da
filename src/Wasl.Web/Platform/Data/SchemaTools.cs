using Microsoft.EntityFrameworkCore;

namespace Wasl.Web.Platform.Data;

/// <summary>Builds the model without a database, to print the CREATE script EF would generate for a provider.</summary>
internal static class SchemaTools
{
    public static WaslDbContext CreateContext(DatabaseProvider provider, string? connectionString = null)
    {
        var options = new DbContextOptionsBuilder<WaslDbContext>();
        Configure(options, provider, connectionString ?? (provider == DatabaseProvider.Sqlite ? "Data Source=:memory:" : "Host=localhost"));
        return new WaslDbContext(options.Options);
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.PostgreSQL:
                options.UseNpgsql(connectionString);
                break;
            default:
                options.UseSqlite(connectionString);
                break;
        }
    }

    public static string CreateScript(DatabaseProvider provider)
    {
        using var db = CreateContext(provider);
        return db.Database.GenerateCreateScript();
    }
}
