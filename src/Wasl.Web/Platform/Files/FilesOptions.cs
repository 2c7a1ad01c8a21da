namespace Wasl.Web.Platform.Files;

/// <summary>Where uploaded files are kept and how many and how large they may be (configuration section "Files").</summary>
internal sealed class FilesOptions
{
    public const string Section = "Files";

    /// <summary>Folder of the local disk store; empty means "data/files" under the application's content root.</summary>
    public string? Root { get; set; }

    /// <summary>Largest accepted file, in bytes (10 MB by default).</summary>
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most files accepted with one form.</summary>
    public int MaxFilesPerSubmission { get; set; } = 5;

    /// <summary>Most files one request (case) may collect over its life.</summary>
    public int MaxFilesPerRequest { get; set; } = 30;

    /// <summary>
    /// The body a form with files may send: every allowed file at the largest size, plus one oversized file and room for
    /// the text fields. Within it, a file that breaks a rule is reported on the form; only a body beyond it is refused
    /// by the server before the form is read.
    /// </summary>
    public long MaxUploadBodyBytes => (MaxFilesPerSubmission + 1) * MaxFileBytes + 1024 * 1024;
}
