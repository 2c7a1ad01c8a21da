using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;

namespace Wasl.Tests;

/// <summary>
/// The virus-scan hook on the upload path (issue 12, point 3), with the clamd scanner talking to a stand-in clamd:
/// a file holding the EICAR test string is refused by name on the form, with everything typed kept and nothing written
/// (no request, no attachment row, no stored object); a clean file passes; a scanner that is down refuses the upload
/// with "try again later" (fail closed). On SQLite with the disk store, on PostgreSQL with the S3 store.
/// </summary>
public abstract class FileScanningTests(ScanningAppFixture fixture)
{
    private const string Description = "أرفقت تقرير الزيارة كما طلبت المدرسة.";

    private async Task<Dictionary<string, string>> FieldsAsync(WaslAppFactory app, string subject)
    {
        using var scope = app.Services.CreateScope();
        var unit = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Units.Where(u => u.Code == "RIY-S1").Select(u => u.Id).SingleAsync();
        return new Dictionary<string, string>
        {
            ["Input.Type"] = "Complaint",
            ["Input.UnitId"] = unit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Subject"] = subject,
            ["Input.Description"] = Description,
            ["Input.Name"] = "ولي أمر",
            ["Input.Mobile"] = "0551112233",
        };
    }

    private static async Task<(int Requests, int Attachments)> RowsAsync(WaslAppFactory app, string subject)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        return (await db.Set<Request>().CountAsync(r => r.Subject == subject), await db.Set<RequestAttachment>().CountAsync());
    }

    private static void KeepsWhatWasTyped(IHtmlDocument doc, string subject, string expected)
    {
        Assert.Contains(expected, doc.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(expected, doc.QuerySelector("#attachments-field")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("#Files", doc.QuerySelector(".error-summary a")!.GetAttribute("href"));
        Assert.Equal(subject, ((IHtmlInputElement)doc.QuerySelector("#Input_Subject")!).Value);
        Assert.Equal(Description, ((IHtmlTextAreaElement)doc.QuerySelector("#Input_Description")!).Value);
        Assert.Equal("ولي أمر", ((IHtmlInputElement)doc.QuerySelector("#Input_Name")!).Value);
    }

    [SkippableFact]
    public async Task A_file_holding_the_EICAR_string_is_refused_by_name_and_nothing_is_written_while_a_clean_file_passes()
    {
        fixture.Require();
        var app = fixture.App;
        var (_, rowsBefore) = await RowsAsync(app, "");
        var storedBefore = await fixture.StoredKeysAsync();
        var scansBefore = fixture.Clamd.Scans;

        const string refused = "شكوى بملف مصاب";
        var s = WebSession.Start(app);
        var response = await s.SubmitAsync("/requests/new", await FieldsAsync(app, refused), files:
        [
            new UploadFile("Files", "تقرير الزيارة.pdf", SampleFiles.Pdf("clean")),
            new UploadFile("Files", "eicar.pdf", ClamdStandIn.Eicar(), "application/pdf"),
        ]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        KeepsWhatWasTyped(await WebSession.ParseAsync(response), refused, "«\u2068eicar.pdf\u2069» مرفوض: وجد فحص الفيروسات فيه محتوى ضارًا");
        Assert.Equal((0, rowsBefore), await RowsAsync(app, refused));
        Assert.Equal(storedBefore, await fixture.StoredKeysAsync());
        Assert.Equal(scansBefore + 2, fixture.Clamd.Scans);

        const string accepted = "شكوى بملف سليم";
        var clean = await s.SubmitAsync("/requests/new", await FieldsAsync(app, accepted), files: [new UploadFile("Files", "تقرير الزيارة.pdf", SampleFiles.Pdf("clean"))]);
        Assert.Equal(HttpStatusCode.Redirect, clean.StatusCode);
        Assert.Equal((1, rowsBefore + 1), await RowsAsync(app, accepted));
        Assert.Equal(storedBefore.Count + 1, (await fixture.StoredKeysAsync()).Count);
        Assert.Equal(scansBefore + 3, fixture.Clamd.Scans);
    }

    [SkippableFact]
    public async Task A_scanner_that_is_down_refuses_the_upload_with_try_again_later_and_keeps_the_form()
    {
        fixture.Require();
        var connection = await TestDatabases.CreateAsync(fixture.Provider, "scanner-down");
        var settings = new Dictionary<string, string?>(fixture.Settings)
        {
            ["Files:Clamd:Port"] = FileStoreTestsOnS3.ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        await using var app = new WaslAppFactory(fixture.Provider, connection, settings: settings);
        const string subject = "شكوى والفاحص متوقف";
        var s = WebSession.Start(app);
        var response = await s.SubmitAsync("/requests/new", await FieldsAsync(app, subject), files: [new UploadFile("Files", "تقرير.pdf", SampleFiles.Pdf())]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        KeepsWhatWasTyped(await WebSession.ParseAsync(response), subject, "تعذّر فحص الملفات أو حفظها الآن، فلم يُحفظ شيء");
        Assert.Equal((0, 0), await RowsAsync(app, subject));
        // Without files the same form still goes through: only uploads depend on the scanner.
        Assert.Equal(HttpStatusCode.Redirect, (await s.SubmitAsync("/requests/new", await FieldsAsync(app, subject))).StatusCode);
    }
}

/// <summary>The application with the clamd scanner pointing at a stand-in, and (optionally) its files in a real S3 server.</summary>
public abstract class ScanningAppFixture(DatabaseProvider provider, bool s3) : AppFixture(provider)
{
    private ClamdStandIn? _clamd;
    private S3Server? _s3;

    public ClamdStandIn Clamd => _clamd ?? throw new InvalidOperationException("The scanner did not start");

    /// <summary>The settings the application was started with (scanner and store).</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    protected override async Task<IDictionary<string, string?>> StartServicesAsync()
    {
        _clamd = new ClamdStandIn();
        foreach (var (k, v) in _clamd.Settings()) Settings[k] = v;
        if (s3)
        {
            _s3 = await S3Server.StartAsync();
            foreach (var (k, v) in _s3.Settings()) Settings[k] = v;
        }
        return Settings;
    }

    protected override async ValueTask StopServicesAsync()
    {
        if (_clamd is not null) await _clamd.DisposeAsync();
        if (_s3 is not null) await _s3.DisposeAsync();
    }

    public override Task<IReadOnlyList<string>> StoredKeysAsync() => _s3 is null ? base.StoredKeysAsync() : _s3.KeysAsync();
}

public sealed class SqliteScanningAppFixture() : ScanningAppFixture(DatabaseProvider.Sqlite, s3: false);

public sealed class PostgresS3ScanningAppFixture() : ScanningAppFixture(DatabaseProvider.PostgreSQL, s3: true);

public sealed class FileScanningTestsOnSqlite(SqliteScanningAppFixture f) : FileScanningTests(f), IClassFixture<SqliteScanningAppFixture>;

public sealed class FileScanningTestsOnPostgresS3(PostgresS3ScanningAppFixture f) : FileScanningTests(f), IClassFixture<PostgresS3ScanningAppFixture>;
