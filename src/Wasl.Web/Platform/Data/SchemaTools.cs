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

    /// <summary>The schema the model expects, followed by the objects EF cannot model (full-text indexes and their triggers).</summary>
    public static string CreateScript(DatabaseProvider provider, IEnumerable<ModuleParts> parts)
    {
        using var db = CreateContext(provider);
        return db.Database.GenerateCreateScript() + Environment.NewLine + ExtrasScript(provider, parts);
    }

    /// <summary>
    /// Provider objects outside the EF model, embedded by each module from its Data/Extras/{Provider}/. Migrations create
    /// the same objects; the schema test builds a database from the model plus these and compares it with a migrated one.
    /// </summary>
    public static string ExtrasScript(DatabaseProvider provider, IEnumerable<ModuleParts> parts) =>
        string.Join(Environment.NewLine, parts.SelectMany(p => SchemaMigrator.Embedded(p.Assembly, $"{p.DataNamespace}.Extras.{provider}.")).Select(e => e.Sql));
}
