using System.IO.Compression;
using System.Text;

namespace Wasl.Tests;

/// <summary>
/// Tiny but real files of every accepted kind, and the look-alikes that must be refused (an executable, HTML, SVG,
/// a plain zip, a macro document, an installer-like OLE file). Built in code so the tests show what each one is.
/// </summary>
public static class SampleFiles
{
    public static byte[] Pdf(string text = "Wasl") => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n% " + text + "\ntrailer <</Root 1 0 R>>\n%%EOF\n");

    /// <summary>A 1×1 transparent PNG.</summary>
    public static byte[] Png() => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /// <summary>A 1×1 GIF.</summary>
    public static byte[] Gif() => Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    public static byte[] Jpeg() => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9];

    public static byte[] WebP() => [.. "RIFF"u8, 0x1A, 0, 0, 0, .. "WEBPVP8L"u8, 0x0D, 0, 0, 0, 0x2F, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xFE, 0x07, 0x00];

    public static byte[] Docx() => Ooxml("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>وصل</w:t></w:r></w:p></w:body></w:document>");

    public static byte[] Xlsx() => Ooxml("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>");

    public static byte[] Pptx() => Ooxml("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        "<p:presentation xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"/>");

    /// <summary>A Word document with macros (.docm): code, refused.</summary>
    public static byte[] Docm() => Ooxml("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml", "<w:document xmlns:w=\"x\"/>");

    /// <summary>Declares itself a .docx but carries a macro project.</summary>
    public static byte[] DocxWithMacros() => Ooxml("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "<w:document xmlns:w=\"x\"/>", extra: "word/vbaProject.bin");

    /// <summary>Declares a Word main part that is not in the package.</summary>
    public static byte[] DocxWithoutItsPart() => Ooxml("word/other.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "<x/>", declare: "/word/document.xml");

    /// <summary>A zip that is not an Office document.</summary>
    public static byte[] Zip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var w = new StreamWriter(zip.CreateEntry("readme.txt").Open()))
            w.Write("just a zip");
        return buffer.ToArray();
    }

    public static byte[] Doc() => Ole("WordDocument", "1Table");

    public static byte[] Xls() => Ole("Workbook");

    /// <summary>An OLE compound file that is neither Word nor Excel (an .msi installer is one).</summary>
    public static byte[] OleInstaller() => Ole("\u4840\u3F3F\u4577", "SummaryInformation");

    /// <summary>The start of a Windows executable.</summary>
    public static byte[] Exe() => [.. "MZ"u8, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, .. "\0\0This program cannot be run in DOS mode.\r\n"u8];

    public static byte[] Html() => Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>");

    public static byte[] Svg() => Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");

    public static byte[] ShellScript() => Encoding.UTF8.GetBytes("#!/bin/sh\nrm -rf /\n");

    private static byte[] Ooxml(string mainPart, string mainType, string mainXml, string? extra = null, string? declare = null)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + $"<Override PartName=\"{declare ?? "/" + mainPart}\" ContentType=\"{mainType}\"/></Types>");
            Write(zip, "_rels/.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + $"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"{mainPart}\"/></Relationships>");
            Write(zip, mainPart, mainXml);
            if (extra is not null) Write(zip, extra, "binary");
        }
        return buffer.ToArray();
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        w.Write(text);
    }

    /// <summary>
    /// A minimal OLE compound file: the 512-byte header, one directory sector (root entry plus the named streams),
    /// and one FAT sector. Enough structure for detection, which looks at the header and the directory entries.
    /// </summary>
    private static byte[] Ole(params string[] streams)
    {
        var bytes = new byte[512 * 3];
        byte[] signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        signature.CopyTo(bytes, 0);
        BitConverter.GetBytes((ushort)0x003E).CopyTo(bytes, 0x18); // minor version
        BitConverter.GetBytes((ushort)0x0003).CopyTo(bytes, 0x1A); // major version 3
        BitConverter.GetBytes((ushort)0xFFFE).CopyTo(bytes, 0x1C); // little endian
        BitConverter.GetBytes((ushort)9).CopyTo(bytes, 0x1E);      // 512-byte sectors
        BitConverter.GetBytes((ushort)6).CopyTo(bytes, 0x20);      // 64-byte mini sectors
        BitConverter.GetBytes(1).CopyTo(bytes, 0x2C);              // one FAT sector
        BitConverter.GetBytes(0).CopyTo(bytes, 0x30);              // directory starts at sector 0
        BitConverter.GetBytes(1).CopyTo(bytes, 0x4C);              // FAT is sector 1
        string[] names = ["Root Entry", .. streams];
        for (var i = 0; i < names.Length && i < 4; i++)
        {
            var entry = 512 + i * 128;
            var name = Encoding.Unicode.GetBytes(names[i] + "\0");
            name.CopyTo(bytes, entry);
            BitConverter.GetBytes((ushort)name.Length).CopyTo(bytes, entry + 64);
            bytes[entry + 66] = (byte)(i == 0 ? 5 : 2);
        }
        return bytes;
    }
}
