using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Wasl.Web.Platform.Files;

internal enum FileKind
{
    Pdf = 0,
    Png = 1,
    Jpeg = 2,
    Gif = 3,
    WebP = 4,
    Docx = 5,
    Xlsx = 6,
    Pptx = 7,
    Doc = 8,
    Xls = 9,
}

/// <summary>An accepted kind of file: what its content looks like, how it is served, and the names it may carry.</summary>
internal sealed record FileType(FileKind Kind, string ContentType, IReadOnlyList<string> Extensions)
{
    /// <summary>Raster images a browser shows as a picture and nothing else (never SVG, which is a document with scripts).</summary>
    public bool IsRasterImage => Kind is FileKind.Png or FileKind.Jpeg or FileKind.Gif or FileKind.WebP;
}

/// <summary>
/// Tells what a file is from its bytes, never from the name or the Content-Type the browser sent (ASVS 5.2.2):
/// PDF, PNG, JPEG, GIF and WebP by their signatures; Word, Excel and PowerPoint (OOXML) by the main part declared in
/// the package's [Content_Types].xml; legacy Word and Excel by the streams of the OLE compound file. Everything else —
/// HTML, SVG, scripts, executables, archives that are not Office documents, macro-enabled documents — is unknown.
/// </summary>
internal static class FileTypes
{
    public static readonly IReadOnlyList<FileType> All =
    [
        new(FileKind.Pdf, "application/pdf", [".pdf"]),
        new(FileKind.Png, "image/png", [".png"]),
        new(FileKind.Jpeg, "image/jpeg", [".jpg", ".jpeg"]),
        new(FileKind.Gif, "image/gif", [".gif"]),
        new(FileKind.WebP, "image/webp", [".webp"]),
        new(FileKind.Docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", [".docx"]),
        new(FileKind.Xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [".xlsx"]),
        new(FileKind.Pptx, "application/vnd.openxmlformats-officedocument.presentationml.presentation", [".pptx"]),
        new(FileKind.Doc, "application/msword", [".doc"]),
        new(FileKind.Xls, "application/vnd.ms-excel", [".xls"]),
    ];

    /// <summary>For the file picker's accept attribute (a hint only; the server decides).</summary>
    public static string AcceptList => string.Join(',', All.SelectMany(t => t.Extensions));

    public static FileType Of(FileKind kind) => All.Single(t => t.Kind == kind);

    public static FileType? ByContentType(string contentType) => All.FirstOrDefault(t => t.ContentType == contentType);

    // Bounds against archive bombs (ASVS 5.2.3): only the directory and one small XML part are ever read.
    private const int MaxZipEntries = 10_000;
    private const int MaxContentTypesBytes = 1024 * 1024;
    private const int MaxOleBytes = 64 * 1024 * 1024;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> OleSignature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private static readonly Dictionary<string, FileKind> OoxmlMainParts = new(StringComparer.Ordinal)
    {
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"] = FileKind.Docx,
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"] = FileKind.Xlsx,
        ["application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"] = FileKind.Pptx,
    };

    /// <summary>The detected type, or null when the content is none of the accepted kinds. The stream must be seekable; it is read from the start.</summary>
    public static FileType? Detect(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek) throw new ArgumentException("The stream must be seekable.", nameof(content));
        content.Position = 0;
        Span<byte> head = stackalloc byte[16];
        var n = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..n];
        content.Position = 0;
        FileKind? kind =
            head.StartsWith("%PDF-"u8) ? FileKind.Pdf
            : head.StartsWith(PngSignature) ? FileKind.Png
            : head.StartsWith(JpegSignature) ? FileKind.Jpeg
            : head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8) ? FileKind.Gif
            : n >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8) ? FileKind.WebP
            : head.StartsWith("PK\u0003\u0004"u8) ? Ooxml(content)
            : head.StartsWith(OleSignature) ? Ole(content)
            : null;
        content.Position = 0;
        return kind is { } k ? Of(k) : null;
    }

    /// <summary>Does the name's extension belong to the detected type (a PDF named .png is refused)?</summary>
    public static bool NameFits(FileType type, string fileName)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Extensions.Contains(Path.GetExtension(fileName).ToLowerInvariant());
    }

    private static FileKind? Ooxml(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxZipEntries) return null;
            // Macros are code: a macro project inside a document refuses the whole file.
            if (zip.Entries.Any(e => e.FullName.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase))) return null;
            var types = zip.GetEntry("[Content_Types].xml");
            if (types is null || types.Length > MaxContentTypesBytes) return null;
            using var raw = types.Open();
            var buffer = new byte[MaxContentTypesBytes + 1];
            var read = raw.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (read > MaxContentTypesBytes) return null;
            using var reader = XmlReader.Create(new MemoryStream(buffer, 0, read), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            FileKind? found = null;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "Override") continue;
                var contentType = reader.GetAttribute("ContentType");
                var part = reader.GetAttribute("PartName");
                if (contentType is null || part is null || !OoxmlMainParts.TryGetValue(contentType, out var kind)) continue;
                // The declared main part must really be in the package, and there is exactly one main part.
                if (found is not null || zip.GetEntry(part.TrimStart('/')) is null) return null;
                found = kind;
            }
            return found;
        }
        // ArgumentException: an upload stream refuses a seek before its start where a MemoryStream throws IOException (a lone "PK\x03\x04").
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// An OLE compound file (the pre-2007 Office format, but also .msi installers and others) is Word when it holds a
    /// "WordDocument" stream and Excel when it holds a "Workbook" (or the older "Book") stream. Directory entries are
    /// 128 bytes long and always start at a multiple of 128 after the 512-byte header, so looking at each such slot is enough.
    /// </summary>
    private static FileKind? Ole(Stream content)
    {
        // Too short to hold the header and one directory sector: not a document (and the header field below would be out of range).
        if (content.Length > MaxOleBytes || content.Length < 1024) return null;
        var bytes = new byte[content.Length];
        content.ReadExactly(bytes);
        var sectorShift = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(0x1E, 2));
        if (sectorShift is not (9 or 12)) return null;
        bool word = false, excel = false;
        for (var o = 512; o + 128 <= bytes.Length; o += 128)
        {
            var entry = bytes.AsSpan(o, 128);
            var nameBytes = BinaryPrimitives.ReadUInt16LittleEndian(entry[64..66]);
            if (entry[66] != 2 || nameBytes is < 4 or > 64 || nameBytes % 2 != 0) continue;
            var name = Encoding.Unicode.GetString(entry[..(nameBytes - 2)]);
            word |= name == "WordDocument";
            excel |= name is "Workbook" or "Book";
        }
        return word && !excel ? FileKind.Doc : excel && !word ? FileKind.Xls : null;
    }
}
