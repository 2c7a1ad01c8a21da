using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using Wasl.Web.Platform.Security;

namespace Wasl.Web.Modules.Requests.Api;

/// <summary>
/// One Open311 GeoReport v2 answer, written as XML (required by the spec: UTF-8 declaration, no namespace) or as JSON
/// (the Spark convention: a repeated element's container becomes a top-level array, even for one item).
/// </summary>
internal sealed class Open311Document(string wrapper, string element, IReadOnlyList<IReadOnlyList<KeyValuePair<string, object?>>> items, bool single = false)
{
    public static string Timestamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static Open311Document Errors(int code, string description) =>
        new("errors", "error", [[new("code", code.ToString(CultureInfo.InvariantCulture)), new("description", description)]]);

    public IResult ToResult(string format, int status = StatusCodes.Status200OK) => format == "xml"
        ? Results.Text(Xml(), "text/xml; charset=utf-8", Encoding.UTF8, status)
        : Results.Text(Json(), "application/json; charset=utf-8", Encoding.UTF8, status);

    private string Json()
    {
        using var stream = new MemoryStream();
        // Arabic stays readable UTF-8 (the answer is application/json, never embedded in HTML).
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            if (!single) writer.WriteStartArray();
            foreach (var item in items) WriteJsonObject(writer, item);
            if (!single) writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteJsonObject(Utf8JsonWriter writer, IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in fields)
        {
            switch (value)
            {
                case null: writer.WriteNull(name); break;
                case bool b: writer.WriteBoolean(name, b); break;
                case double d: writer.WriteNumber(name, d); break;
                case IReadOnlyList<IReadOnlyList<KeyValuePair<string, object?>>> list:
                    writer.WriteStartArray(name);
                    foreach (var child in list) WriteJsonObject(writer, child);
                    writer.WriteEndArray();
                    break;
                case IReadOnlyList<string> strings:
                    writer.WriteStartArray(name);
                    foreach (var s in strings) writer.WriteStringValue(FreeText.Clean(s));
                    writer.WriteEndArray();
                    break;
                default: writer.WriteString(name, Text(value)); break;
            }
        }
        writer.WriteEndObject();
    }

    private string Xml()
    {
        var sb = new StringBuilder();
        using (var writer = XmlWriter.Create(sb, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false }))
        {
            if (!single) writer.WriteStartElement(wrapper);
            foreach (var item in items)
            {
                writer.WriteStartElement(single ? wrapper : element);
                WriteXmlFields(writer, item);
                writer.WriteEndElement();
            }
            if (!single) writer.WriteEndElement();
        }
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + sb;
    }

    private static void WriteXmlFields(XmlWriter writer, IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        foreach (var (name, value) in fields)
        {
            switch (value)
            {
                case IReadOnlyList<IReadOnlyList<KeyValuePair<string, object?>>> list:
                    // A container of repeated children: <endpoints><endpoint>…</endpoint></endpoints>.
                    writer.WriteStartElement(name);
                    foreach (var child in list)
                    {
                        writer.WriteStartElement(name.TrimEnd('s'));
                        WriteXmlFields(writer, child);
                        writer.WriteEndElement();
                    }
                    writer.WriteEndElement();
                    break;
                case IReadOnlyList<string> strings:
                    writer.WriteStartElement(name);
                    foreach (var s in strings) writer.WriteElementString(name.TrimEnd('s'), FreeText.Clean(s));
                    writer.WriteEndElement();
                    break;
                case bool b: writer.WriteElementString(name, b ? "true" : "false"); break;
                default: writer.WriteElementString(name, Text(value) ?? ""); break;
            }
        }
    }

    /// <summary>
    /// A value as text, cleaned: rows stored before input was cleaned may hold a control character, which XmlWriter
    /// refuses with an exception (a 500 on every list holding that row, for good).
    /// </summary>
    private static string? Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) is { } s ? FreeText.Clean(s) : null;
}
