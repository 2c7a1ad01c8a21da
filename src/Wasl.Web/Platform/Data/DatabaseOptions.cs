namespace Wasl.Web.Platform.Data;

public enum DatabaseProvider
{
    Sqlite = 0,
    PostgreSQL = 1,
}

/// <summary>Bound from "Database" (Database__Provider); the connection string is ConnectionStrings:Wasl.</summary>
internal sealed class DatabaseOptions
{
    public const string Section = "Database";
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start-up (safe with several nodes: they take a lock first).</summary>
    public bool MigrateOnStart { get; set; } = true;
}
