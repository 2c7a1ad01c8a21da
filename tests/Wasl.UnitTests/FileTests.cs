using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Wasl.Tests;
using Wasl.Web.Platform.Files;

namespace Wasl.UnitTests;

/// <summary>What a file is comes from its bytes; the name must agree; everything else is refused.</summary>
public sealed class FileTypeTests
{
    public static TheoryData<string, object> Accepted => new()
    {
        { nameof(SampleFiles.Pdf), FileKind.Pdf },
        { nameof(SampleFiles.Png), FileKind.Png },
        { nameof(SampleFiles.Jpeg), FileKind.Jpeg },
        { nameof(SampleFiles.Gif), FileKind.Gif },
        { nameof(SampleFiles.WebP), FileKind.WebP },
        { nameof(SampleFiles.Docx), FileKind.Docx },
        { nameof(SampleFiles.Xlsx), FileKind.Xlsx },
        { nameof(SampleFiles.Pptx), FileKind.Pptx },
        { nameof(SampleFiles.Doc), FileKind.Doc },
        { nameof(SampleFiles.Xls), FileKind.Xls },
    };

    public static TheoryData<string> Refused =>
    [
        nameof(SampleFiles.Exe),
        nameof(SampleFiles.Html),
        nameof(SampleFiles.Svg),
        nameof(SampleFiles.ShellScript),
        nameof(SampleFiles.Zip),
        nameof(SampleFiles.Docm),
        nameof(SampleFiles.DocxWithMacros),
        nameof(SampleFiles.DocxWithoutItsPart),
        nameof(SampleFiles.OleInstaller),
    ];

    private static byte[] Sample(string name) => (byte[])typeof(SampleFiles).GetMethod(name)!.Invoke(null, name == nameof(SampleFiles.Pdf) ? ["x"] : null)!;

    private static FileType? Detect(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return FileTypes.Detect(stream);
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Accepted_kinds_are_recognised_by_content(string sample, object kind) => Assert.Equal((FileKind)kind, Detect(Sample(sample))?.Kind);

    [Theory]
    [MemberData(nameof(Refused))]
    public void Everything_else_is_unknown(string sample) => Assert.Null(Detect(Sample(sample)));

    [Fact]
    public void The_name_and_the_browser_type_do_not_matter_only_the_bytes()
    {
        // An executable renamed .pdf and HTML named .png are still an executable and HTML: unknown.
        Assert.Null(Detect(SampleFiles.Exe()));
        Assert.Null(Detect(SampleFiles.Html()));
        // A truncated signature is not enough.
        Assert.Null(Detect("%PD"u8.ToArray()));
        Assert.Null(Detect([]));
        // A zip bomb's central directory lies about sizes; a corrupt zip is simply unknown, not an exception.
        var broken = SampleFiles.Docx();
        Array.Clear(broken, broken.Length - 30, 30);
        Assert.Null(Detect(broken));
    }

    [Theory]
    [InlineData(FileKind.Pdf, "letter.pdf", true)]
    [InlineData(FileKind.Pdf, "LETTER.PDF", true)]
    [InlineData(FileKind.Jpeg, "photo.jpeg", true)]
    [InlineData(FileKind.Jpeg, "photo.jpg", true)]
    [InlineData(FileKind.Png, "photo.jpg", false)]
    [InlineData(FileKind.Pdf, "letter.pdf.exe", false)]
    [InlineData(FileKind.Pdf, "letter", false)]
    [InlineData(FileKind.Docx, "report.doc", false)]
    [InlineData(FileKind.Doc, "report.doc", true)]
    public void The_extension_must_agree_with_the_content(object kind, string name, bool fits) =>
        Assert.Equal(fits, FileTypes.NameFits(FileTypes.Of((FileKind)kind), name));

    [Fact]
    public void Detection_reads_from_the_start_and_leaves_the_stream_there()
    {
        using var stream = new MemoryStream(SampleFiles.Docx());
        stream.Position = 17;
        Assert.Equal(FileKind.Docx, FileTypes.Detect(stream)?.Kind);
        Assert.Equal(0, stream.Position);
    }
}

public sealed class FileNameTests
{
    [Theory]
    [InlineData("C:\\Users\\x\\Desktop\\letter.pdf", "letter.pdf")]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("invoice\u202Efdp.exe", "invoicefdp.exe")]
    [InlineData("  شكوى.pdf  ", "شكوى.pdf")]
    [InlineData("نامه\u200Cها.pdf", "نامه\u200Cها.pdf")]
    [InlineData("a<b>:c\"d|e?f*g;h.pdf", "a_b__c_d_e_f_g_h.pdf")]
    [InlineData("line\r\nbreak.png", "linebreak.png")]
    [InlineData("....pdf", "file.pdf")]
    [InlineData("", "file")]
    [InlineData(null, "file")]
    public void Names_are_made_safe_to_show(string? raw, string expected) => Assert.Equal(expected, FileNames.Sanitize(raw));

    [Fact]
    public void Long_names_keep_their_extension()
    {
        var name = FileNames.Sanitize(new string('ع', 400) + ".docx");
        Assert.Equal(FileNames.MaxLength, name.Length);
        Assert.EndsWith(".docx", name, StringComparison.Ordinal);
    }

    [Fact]
    public void Downloads_carry_an_ascii_fallback_and_the_utf8_name()
    {
        var header = FileNames.ContentDisposition("شكوى 1.pdf");
        Assert.StartsWith("attachment;", header, StringComparison.Ordinal);
        Assert.Contains("filename*=UTF-8''%D8%B4%D9%83%D9%88%D9%89%201.pdf", header, StringComparison.Ordinal);
        Assert.DoesNotContain("شكوى", header, StringComparison.Ordinal);
        Assert.StartsWith("inline;", FileNames.ContentDisposition("a.png", inline: true), StringComparison.Ordinal);
    }
}

public sealed class LocalDiskFileStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wasl-store-" + Guid.NewGuid().ToString("N"));

    private LocalDiskFileStore Store() => new(Options.Create(new FilesOptions { Root = _root }), new Environment());

    [Fact]
    public async Task Saves_under_random_keys_reads_back_and_deletes()
    {
        var store = Store();
        var bytes = SampleFiles.Pdf("round trip");
        var first = await store.SaveAsync(new MemoryStream(bytes), CancellationToken.None);
        var second = await store.SaveAsync(new MemoryStream(bytes), CancellationToken.None);
        Assert.Matches("^[0-9a-f]{32}$", first);
        Assert.NotEqual(first, second);
        await using (var read = await store.OpenReadAsync(first, CancellationToken.None))
        {
            using var copy = new MemoryStream();
            await read!.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }
        // Nothing is left half-written in the temporary folder.
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "tmp")));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Directory.GetFiles(_root, first, SearchOption.AllDirectories).Single()));
        await store.DeleteAsync(first, CancellationToken.None);
        Assert.Null(await store.OpenReadAsync(first, CancellationToken.None));
        await store.DeleteAsync(first, CancellationToken.None);
    }

    [Theory]
    [InlineData("../../../../etc/passwd")]
    [InlineData("tmp")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("")]
    public async Task Keys_it_did_not_draw_never_become_paths(string key)
    {
        var store = Store();
        Assert.Null(await store.OpenReadAsync(key, CancellationToken.None));
        await store.DeleteAsync(key, CancellationToken.None);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private sealed class Environment : IWebHostEnvironment
    {
        public string WebRootPath { get; set; } = "";
        public IFileProvider WebRootFileProvider { get; set; } = new NullFileProvider();
        public string ApplicationName { get; set; } = "Wasl";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public string EnvironmentName { get; set; } = "Test";
    }
}

/// <summary>Crafted, truncated headers are unknown files, never an exception (which the upload would turn into a 500).</summary>
public sealed class FileTypeCrashTests
{
    private static FileType? Detect(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return FileTypes.Detect(stream);
    }

    public static TheoryData<byte[]> Truncated =>
    [
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [.. new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }, .. new byte[600]],
        "PK\u0003\u0004"u8.ToArray(),
        [.. "PK\u0003\u0004"u8.ToArray(), .. new byte[40]],
        [.. "PK\u0003\u0004"u8.ToArray(), .. Enumerable.Repeat((byte)0xFF, 100)],
        [.. "PK\u0005\u0006"u8.ToArray(), .. new byte[18]],
    ];

    [Theory]
    [MemberData(nameof(Truncated))]
    public void A_truncated_ole_or_zip_header_is_unknown_not_an_exception(byte[] bytes) => Assert.Null(Detect(bytes));

    [Fact]
    public void A_zip_whose_directory_claims_an_empty_package_or_a_lone_local_header_is_unknown()
    {
        // The end-of-directory record alone, behind the local signature: a zip with no entries.
        byte[] empty = [.. "PK\u0003\u0004"u8.ToArray(), .. "PK\u0005\u0006"u8.ToArray(), .. new byte[18]];
        Assert.Null(Detect(empty));
    }
}
