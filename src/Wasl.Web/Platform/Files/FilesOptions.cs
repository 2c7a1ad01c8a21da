namespace Wasl.Web.Platform.Files;

/// <summary>Where uploaded files are kept, how they are checked, and how many and how large they may be (configuration section "Files").</summary>
internal sealed class FilesOptions
{
    public const string Section = "Files";

    /// <summary>Disk (the default: one node, or a shared folder) or S3 (any S3-compatible object store every node reaches).</summary>
    public FileStoreKind Store { get; set; } = FileStoreKind.Disk;

    /// <summary>Folder of the local disk store; empty means "data/files" under the application's content root.</summary>
    public string? Root { get; set; }

    /// <summary>The S3-compatible store, read when <see cref="Store"/> is S3.</summary>
    public S3StoreOptions S3 { get; set; } = new();

    /// <summary>None (the default) or Clamd: every uploaded file is scanned before it is accepted.</summary>
    public FileScannerKind Scanner { get; set; } = FileScannerKind.None;

    /// <summary>The clamd daemon, read when <see cref="Scanner"/> is Clamd.</summary>
    public ClamdOptions Clamd { get; set; } = new();

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

internal enum FileStoreKind
{
    Disk = 0,
    S3 = 1,
}

internal enum FileScannerKind
{
    None = 0,
    Clamd = 1,
}

/// <summary>An S3-compatible object store (Amazon S3, MinIO, Ceph RGW, Garage…) addressed path-style by default.</summary>
internal sealed class S3StoreOptions
{
    /// <summary>The endpoint, e.g. "https://s3.internal.example:9000".</summary>
    public string? ServiceUrl { get; set; }

    public string? Bucket { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>The region the signatures name; most self-hosted stores accept any, "us-east-1" is their usual default.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>"endpoint/bucket/key" rather than "bucket.endpoint/key": what self-hosted stores expect (no wildcard DNS).</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>How long one call may take before the store counts as unreachable.</summary>
    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>The clamd daemon's TCP socket (clamd.conf TCPSocket/TCPAddr).</summary>
internal sealed class ClamdOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 3310;

    /// <summary>How long one scan may take, connection included, before the scanner counts as down (the file is then refused).</summary>
    public int TimeoutSeconds { get; set; } = 30;
}
