using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Wasl.Web.Modules.Requests.Domain;

namespace Wasl.Web.Modules.Requests.Api;

/// <summary>
/// What /openapi/v1.json cannot learn from the C# signatures: the JSON API's required fields, lengths and enums (the
/// records are all-nullable so that a missing field is our localized 400, not a framework error), and the Open311
/// operations as they really are: a format in the path (xml or json), a form body, Open311's error documents and
/// every status each operation answers.
/// </summary>
internal sealed class RequestsApiDocument : IOpenApiSchemaTransformer, IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(ApiNewRequest))
        {
            Require(schema, "type", "subject", "description", "requester");
            OneOf<RequestType>(schema, "type");
            Length(schema, "subject", 3, 200);
            Length(schema, "description", 10, 8000);
        }
        else if (type == typeof(ApiRequester))
        {
            Require(schema, "name", "mobile");
            OneOf<RequesterRole>(schema, "role");
            Length(schema, "name", 2, 200);
        }
        else if (type == typeof(ApiLocation))
        {
            Require(schema, "latitude", "longitude");
        }
        else if (type == typeof(ApiRequestStatus))
        {
            OneOf<RequestType>(schema, "type");
            OneOf<RequestStatus>(schema, "status");
        }
        else if (type == typeof(ApiCategory))
        {
            OneOf<RequestType>(schema, "type");
        }
        return Task.CompletedTask;
    }

    private static void Require(OpenApiSchema schema, params string[] names)
    {
        // The generator calls every constructor parameter of a record required; these are the ones the API refuses without.
        schema.Required = new HashSet<string>(names);
        foreach (var name in names)
        {
            // Required means present and not null: a nullable object is "oneOf null or the object"; keep the object.
            if (Property(schema, name) is not { } p) continue;
            if ((p.OneOf ?? p.AnyOf) is { Count: 2 } either && either.FirstOrDefault(o => o is not OpenApiSchema { Type: JsonSchemaType.Null }) is { } value)
                schema.Properties![name] = value;
            else if (p.Type is { } t) p.Type = t & ~JsonSchemaType.Null;
        }
    }

    private static void OneOf<TEnum>(OpenApiSchema schema, string name) where TEnum : struct, Enum
    {
        if (Property(schema, name) is not { } p) return;
        p.Enum = [.. Enum.GetNames<TEnum>().Select(n => (JsonNode)JsonValue.Create(n))];
        p.Description = "Exactly one of these values (letter case is ignored); numbers and lists are refused.";
    }

    private static void Length(OpenApiSchema schema, string name, int min, int max)
    {
        if (Property(schema, name) is not { } p) return;
        p.MinLength = min;
        p.MaxLength = max;
    }

    private static OpenApiSchema? Property(OpenApiSchema schema, string name) =>
        schema.Properties?.TryGetValue(name, out var p) == true ? p as OpenApiSchema : null;

    /// <summary>The statuses each Open311 operation answers besides 200 (429 from the rate limiter, 500 from a fault).</summary>
    private static readonly Dictionary<string, string[]> Open311Errors = new()
    {
        ["Open311Discovery"] = ["404", "429", "500"],
        ["Open311Services"] = ["404", "429", "500"],
        ["Open311Service"] = ["404", "429", "500"],
        ["Open311Submit"] = ["400", "403", "404", "413", "415", "429", "500"],
        ["Open311Requests"] = ["400", "403", "404", "429", "500"],
        ["Open311Request"] = ["403", "404", "429", "500"],
    };

    private static readonly Dictionary<string, string> ErrorMeaning = new()
    {
        ["400"] = "A field is missing or not valid: one error per problem.",
        ["403"] = "api_key is missing, unknown or revoked.",
        ["404"] = "No such service, request (of this client) or format (the formats are xml and json).",
        ["413"] = "The form is larger than 64 KB or has too many or too long fields.",
        ["415"] = "The body is not application/x-www-form-urlencoded (or multipart/form-data).",
        ["429"] = "Too many calls for this key or address; try again later.",
        ["500"] = "A fault on the server; nothing was saved.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var path in document.Paths?.Values ?? Enumerable.Empty<IOpenApiPathItem>())
        {
            foreach (var operation in path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                if (operation.OperationId is not { } id || !Open311Errors.TryGetValue(id, out var statuses)) continue;
                foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
                {
                    if (parameter.Name == "format")
                    {
                        parameter.Description = "The answer's format: xml (the spec's required format) or json.";
                        parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("xml"), JsonValue.Create("json")] };
                    }
                    else if (parameter.Name == "api_key")
                    {
                        // Wasl differs from the spec here: reports name children and schools, so reading needs a key too.
                        parameter.Required = true;
                        parameter.Description = "The client's API key; a client reads only the reports it filed.";
                    }
                }
                operation.Responses = new OpenApiResponses { ["200"] = Answer(id) };
                foreach (var status in statuses) operation.Responses[status] = Error(ErrorMeaning[status]);
                if (id == "Open311Submit") operation.RequestBody = SubmitForm();
            }
        }
        return Task.CompletedTask;
    }

    private static OpenApiSchema Text(string? description = null, int? max = null) =>
        new() { Type = JsonSchemaType.String, Description = description, MaxLength = max };

    private static OpenApiSchema Fields(params string[] names) => new()
    {
        Type = JsonSchemaType.Object,
        Properties = names.ToDictionary(n => n, n => (IOpenApiSchema)new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null }),
    };

    private static OpenApiSchema ArrayOf(OpenApiSchema item) => new() { Type = JsonSchemaType.Array, Items = item };

    private static OpenApiResponse Formats(string description, OpenApiSchema json) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["text/xml"] = new() { Schema = Text("The same fields as XML elements, UTF-8, no namespace.") },
            ["application/json"] = new() { Schema = json },
        },
    };

    private static OpenApiResponse Error(string meaning) =>
        Formats("Open311 errors (XML <errors><error><code/><description/></error></errors>, or a JSON array). " + meaning,
            ArrayOf(new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "code", "description" },
                Properties = new Dictionary<string, IOpenApiSchema> { ["code"] = Text(), ["description"] = Text("In the caller's Accept-Language.") },
            }));

    private static OpenApiResponse Answer(string id) => id switch
    {
        "Open311Discovery" => Formats("Service discovery.", Fields("changeset", "contact", "key_service")),
        "Open311Services" => Formats("The report categories as services.", ArrayOf(Fields("service_code", "service_name", "description", "metadata", "type", "keywords", "group"))),
        "Open311Service" => Formats("The service definition (no extra attributes).", Fields("service_code")),
        "Open311Submit" => Formats("The new report's number (service_request_id) and a notice with its tracking code.", ArrayOf(Fields("service_request_id", "service_notice"))),
        _ => Formats("Reports this client filed.", ArrayOf(Fields(
            "service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible",
            "requested_datetime", "updated_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"))),
    };

    private static OpenApiRequestBody SubmitForm()
    {
        var form = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "api_key", "service_code", "phone" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["api_key"] = Text("The client's API key."),
                ["service_code"] = Text("A service_code from services.{format}."),
                ["lat"] = Text("WGS 84 latitude; with long, or give address_string or address_id."),
                ["long"] = Text("WGS 84 longitude; with lat."),
                ["address_string"] = Text("The place in words, most specific first.", Request.AddressMax),
                ["address_id"] = Text("The place's id in the client's address register.", Request.AddressIdMax),
                ["zipcode"] = Text("Postal code (a Wasl extension, returned with the request).", Request.ZipcodeMax),
                ["description"] = Text("Optional; without it the report is described by its service's name.", 4000),
                ["first_name"] = Text("Optional."),
                ["last_name"] = Text("Optional; first and last name together at most 200 characters."),
                ["phone"] = Text("Required by Wasl (unlike the spec): the ministry answers the reporter."),
                ["email"] = Text("Optional."),
                ["media_url"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri", MaxLength = Request.MediaUrlMax, Description = "An http or https link to a photo or video; never fetched by Wasl." },
            },
        };
        return new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/x-www-form-urlencoded"] = new() { Schema = form },
                ["multipart/form-data"] = new() { Schema = form },
            },
        };
    }
}
