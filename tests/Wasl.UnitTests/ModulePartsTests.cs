using Wasl.Tests;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Data;

namespace Wasl.UnitTests;

/// <summary>Platform collects every module's migrations (docs/adr/0012-migrations.md).</summary>
public sealed class ModulePartsTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public void Scripts_of_every_module_run_as_one_list_by_number_with_their_ids_unchanged(DatabaseProvider provider)
    {
        var scripts = SchemaMigrator.Scripts(provider, TestModules.Parts);
        Assert.Equal(scripts.Select(s => s.Id).Order(StringComparer.Ordinal), scripts.Select(s => s.Id));
        Assert.Equal("Platform", scripts.Single(s => s.Id == "0001_platform").Module);
        Assert.Equal("Requests", scripts.Single(s => s.Id == "0002_requests").Module);
        Assert.Equal("Platform", scripts.Single(s => s.Id == "0012_deadlines_notifications").Module);
        // The full-text objects come from the module that owns them.
        Assert.Contains("RequestsSearch", SchemaTools.ExtrasScript(DatabaseProvider.Sqlite, TestModules.Parts), StringComparison.Ordinal);
        Assert.DoesNotContain("Requests", SchemaTools.ExtrasScript(provider, [ModuleParts.Platform]), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_scripts_with_one_number_stop_the_start()
    {
        var e = Assert.Throws<InvalidOperationException>(() => SchemaMigrator.Scripts(DatabaseProvider.Sqlite, [ModuleParts.Platform, ModuleParts.Platform with { Name = "Copy" }]));
        Assert.Contains("0001_platform (Platform) and 0001_platform (Copy) share the number 0001", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_no_transaction_script_runs_statement_by_statement()
    {
        var script = new MigrationScript("0099_x", "Test", "-- wasl:no-transaction\n-- a comment; with a semicolon\nCREATE INDEX CONCURRENTLY IF NOT EXISTS \"A\" ON \"T\" (\"X\");\r\nCREATE INDEX CONCURRENTLY IF NOT EXISTS \"B\"\n  ON \"T\" (\"Y\");\n");
        Assert.True(script.NoTransaction);
        var statements = SchemaMigrator.Statements(script.Sql).Select(s => s.ReplaceLineEndings("\n")).ToList();
        Assert.Equal(2, statements.Count);
        Assert.Equal("CREATE INDEX CONCURRENTLY IF NOT EXISTS \"A\" ON \"T\" (\"X\");", statements[0]);
        Assert.Equal("CREATE INDEX CONCURRENTLY IF NOT EXISTS \"B\"\n  ON \"T\" (\"Y\");", statements[1]);
        // A checkout with CRLF is the same script.
        Assert.Equal(script.Checksum, (script with { Sql = script.Sql.ReplaceLineEndings("\r\n") }).Checksum);
    }
}
