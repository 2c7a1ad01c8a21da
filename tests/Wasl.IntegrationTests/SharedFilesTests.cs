using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;

namespace Wasl.Tests;

/// <summary>
/// Files that nodes share (issue 12, point 3): two application nodes over one PostgreSQL database, each with its own
/// empty disk folder, behind one S3 store, serve each other's files; a store that goes away gives the localized "try
/// again later" page (503), never a stack trace, and writes nothing; S3 settings are checked at start.
/// </summary>
public sealed class SharedFilesTests
{
    private static async Task<Dictionary<string, string>> FieldsAsync(WaslAppFactory app, string subject)
    {
        using var scope = app.Services.CreateScope();
        var unit = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Units.Where(u => u.Code == "RIY-S1").Select(u => u.Id).SingleAsync();
        return new Dictionary<string, string>
        {
            ["Input.Type"] = "Complaint",
            ["Input.UnitId"] = unit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Subject"] = subject,
            ["Input.Description"] = "تفاصيل الشكوى مع المرفق.",
            ["Input.Name"] = "ولي أمر",
            ["Input.Mobile"] = "0551112233",
        };
    }

    private static async Task<string> SubmitWithFileAsync(WaslAppFactory app, string subject, byte[] pdf)
    {
        var s = WebSession.Start(app);
        var response = await s.SubmitAsync("/requests/new", await FieldsAsync(app, subject), files: [new UploadFile("Files", "خطاب.pdf", pdf)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, receipt) = await s.FollowAsync(response);
        return receipt.QuerySelector("#request-number")!.TextContent;
    }

    private static async Task<string> LinkAsync(WebSession staff, string number)
    {
        var (_, detail) = await staff.GetAsync($"/staff/requests/{number}");
        return detail.QuerySelector("#attachments li a.attachment-name")!.GetAttribute("href")!;
    }

    private static bool HasFilesOnDisk(WaslAppFactory app) =>
        Directory.Exists(app.FilesRoot) && Directory.GetFiles(app.FilesRoot, "*", SearchOption.AllDirectories).Length > 0;

    [SkippableFact]
    public async Task Two_nodes_behind_one_S3_store_serve_each_others_files()
    {
        TestDatabases.RequirePostgres();
        await using var s3 = await S3Server.StartAsync();
        var connection = await TestDatabases.CreateAsync(DatabaseProvider.PostgreSQL, "two-nodes-files");
        await using var a = new WaslAppFactory(DatabaseProvider.PostgreSQL, connection, settings: s3.Settings());
        await using var b = new WaslAppFactory(DatabaseProvider.PostgreSQL, connection, settings: s3.Settings());
        Assert.NotEqual(a.FilesRoot, b.FilesRoot);

        var fromA = SampleFiles.Pdf("uploaded through node A");
        var numberA = await SubmitWithFileAsync(a, "شكوى عبر العقدة الأولى", fromA);
        var fromB = SampleFiles.Pdf("uploaded through node B");
        var numberB = await SubmitWithFileAsync(b, "شكوى عبر العقدة الثانية", fromB);

        var onB = WebSession.Start(b);
        Assert.Equal(HttpStatusCode.Redirect, (await onB.SignInAsync("coordinator", DemoData.Password)).StatusCode);
        var onA = WebSession.Start(a);
        Assert.Equal(HttpStatusCode.Redirect, (await onA.SignInAsync("coordinator", DemoData.Password)).StatusCode);
        var downloadedOnB = await onB.Client.GetAsync(await LinkAsync(onB, numberA));
        Assert.Equal(HttpStatusCode.OK, downloadedOnB.StatusCode);
        Assert.Equal(fromA, await downloadedOnB.Content.ReadAsByteArrayAsync());
        var downloadedOnA = await onA.Client.GetAsync(await LinkAsync(onA, numberB));
        Assert.Equal(HttpStatusCode.OK, downloadedOnA.StatusCode);
        Assert.Equal(fromB, await downloadedOnA.Content.ReadAsByteArrayAsync());

        // Nothing went to either node's own disk; both objects are in the bucket.
        Assert.False(HasFilesOnDisk(a));
        Assert.False(HasFilesOnDisk(b));
        using var scope = a.Services.CreateScope();
        var keys = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<RequestAttachment>().Select(x => x.StorageKey).ToListAsync();
        Assert.Equal(keys.Order(), (await s3.KeysAsync()).Order());
    }

    [SkippableFact]
    public async Task A_store_that_goes_away_answers_the_localized_try_again_later_page_and_writes_nothing()
    {
        TestDatabases.RequirePostgres();
        var s3 = await S3Server.StartAsync();
        var connection = await TestDatabases.CreateAsync(DatabaseProvider.PostgreSQL, "store-down");
        await using var app = new WaslAppFactory(DatabaseProvider.PostgreSQL, connection, settings: s3.Settings());
        var number = await SubmitWithFileAsync(app, "شكوى قبل انقطاع المخزن", SampleFiles.Pdf());
        var staff = WebSession.Start(app);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SignInAsync("coordinator", DemoData.Password)).StatusCode);
        var link = await LinkAsync(staff, number);
        await s3.DisposeAsync();

        var download = await staff.Client.GetAsync(link);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, download.StatusCode);
        var page = await WebSession.ParseAsync(download);
        Assert.Equal("الملفات غير متاحة الآن", page.QuerySelector("h1")!.TextContent);
        Assert.DoesNotContain("Exception", page.Body!.TextContent, StringComparison.Ordinal);

        const string subject = "شكوى والمخزن منقطع";
        var s = WebSession.Start(app);
        var upload = await s.SubmitAsync("/requests/new", await FieldsAsync(app, subject), files: [new UploadFile("Files", "خطاب.pdf", SampleFiles.Pdf())]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, upload.StatusCode);
        var uploadPage = await WebSession.ParseAsync(upload);
        Assert.Contains("حاول مرة أخرى بعد دقائق", uploadPage.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Amazon", uploadPage.Body!.TextContent, StringComparison.Ordinal);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        Assert.False(await db.Set<Request>().AnyAsync(r => r.Subject == subject));
        Assert.Equal(1, await db.Set<RequestAttachment>().CountAsync());
    }

    [Theory]
    [InlineData("Files:S3:Bucket", "", "Files:S3:Bucket")]
    [InlineData("Files:S3:Bucket", "Not_A_Bucket", "Files:S3:Bucket")]
    [InlineData("Files:S3:ServiceUrl", "s3.internal", "Files:S3:ServiceUrl")]
    [InlineData("Files:S3:SecretKey", "", "Files:S3:SecretKey")]
    [InlineData("Files:S3:TimeoutSeconds", "0", "Files:S3:TimeoutSeconds")]
    [InlineData("Files:Clamd:Port", "70000", "Files:Clamd:Port")]
    [InlineData("Files:Clamd:Host", "", "Files:Clamd:Host")]
    [InlineData("Files:MaxFileBytes", "0", "Files:MaxFileBytes")]
    public async Task Wrong_file_settings_stop_the_start_naming_the_setting(string key, string value, string named)
    {
        var connection = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite, "file-settings");
        var settings = new Dictionary<string, string?>
        {
            ["Files:Store"] = "S3",
            ["Files:S3:ServiceUrl"] = "http://127.0.0.1:9",
            ["Files:S3:Bucket"] = "wasl-files",
            ["Files:S3:AccessKey"] = "key",
            ["Files:S3:SecretKey"] = "secret",
            ["Files:Scanner"] = "Clamd",
            [key] = value,
        };
        await using var app = new WaslAppFactory(DatabaseProvider.Sqlite, connection, settings: settings);
        var failure = Assert.ThrowsAny<Exception>(() => app.Server);
        var validation = failure as OptionsValidationException ?? failure.InnerException as OptionsValidationException;
        Assert.NotNull(validation);
        Assert.Contains(validation.Failures, f => f.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Right_S3_settings_start_and_the_store_is_not_asked_until_a_file_is()
    {
        var connection = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite, "file-settings-ok");
        await using var app = new WaslAppFactory(DatabaseProvider.Sqlite, connection, settings: new Dictionary<string, string?>
        {
            ["Files:Store"] = "S3",
            ["Files:S3:ServiceUrl"] = $"http://127.0.0.1:{FileStoreTestsOnS3.ClosedPort()}",
            ["Files:S3:Bucket"] = "wasl-files",
            ["Files:S3:AccessKey"] = "key",
            ["Files:S3:SecretKey"] = "secret",
        });
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/")).StatusCode);
        Assert.IsType<Wasl.Web.Platform.Files.S3FileStore>(app.Services.GetRequiredService<Wasl.Web.Platform.Files.IFileStore>());
    }
}
