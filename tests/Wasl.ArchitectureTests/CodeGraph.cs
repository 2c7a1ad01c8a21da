using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Wasl.ArchitectureTests;

/// <summary>
/// What compiled code uses, read from its IL with Mono.Cecil: base types, interfaces, fields, properties, events, method
/// signatures, locals, every instruction's type, method and field operands, attributes and generic arguments, for a type
/// and everything nested in it (lambdas, iterators and async state machines are nested types). A name written only in a
/// comment or in a string is not a use; a string literal is reported apart.
/// </summary>
internal static class CodeGraph
{
    /// <summary>A use of <paramref name="Used"/> (its full name) by <paramref name="User"/>, found at <paramref name="Where"/>.</summary>
    public sealed record Use(TypeDefinition User, string Used, string UsedNamespace, string Where);

    public static ModuleDefinition Load(string path) => ModuleDefinition.ReadModule(path, new ReaderParameters { ReadSymbols = false });

    public static ModuleDefinition Load(Stream image) => ModuleDefinition.ReadModule(image, new ReaderParameters { ReadSymbols = false });

    /// <summary>Top-level types with their nested types folded in (each use is reported against the top-level type).</summary>
    public static IEnumerable<TypeDefinition> TopLevelTypes(ModuleDefinition module) => module.Types.Where(t => t.Name != "<Module>");

    /// <summary>Every type used by a top-level type and the types nested in it.</summary>
    public static IEnumerable<Use> Uses(TypeDefinition top)
    {
        foreach (var type in WithNested(top))
        {
            foreach (var used in Of(type.BaseType)) yield return new Use(top, used.FullName, NamespaceOf(used), $"{type.FullName}: base type");
            foreach (var i in type.Interfaces)
                foreach (var used in Of(i.InterfaceType)) yield return new Use(top, used.FullName, NamespaceOf(used), $"{type.FullName}: interface");
            foreach (var a in Attributes(type.CustomAttributes)) yield return new Use(top, a.FullName, NamespaceOf(a), $"{type.FullName}: attribute");
            foreach (var f in type.Fields)
            {
                foreach (var used in Of(f.FieldType).Concat(Attributes(f.CustomAttributes))) yield return new Use(top, used.FullName, NamespaceOf(used), $"{type.FullName}.{f.Name}");
            }
            foreach (var p in type.Properties)
            {
                foreach (var used in Of(p.PropertyType).Concat(Attributes(p.CustomAttributes))) yield return new Use(top, used.FullName, NamespaceOf(used), $"{type.FullName}.{p.Name}");
            }
            foreach (var e in type.Events)
            {
                foreach (var used in Of(e.EventType)) yield return new Use(top, used.FullName, NamespaceOf(used), $"{type.FullName}.{e.Name}");
            }
            foreach (var m in type.Methods)
            {
                var where = $"{type.FullName}.{m.Name}";
                var signature = Of(m.ReturnType)
                    .Concat(m.Parameters.SelectMany(p => Of(p.ParameterType).Concat(Attributes(p.CustomAttributes))))
                    .Concat(m.GenericParameters.SelectMany(g => g.Constraints.SelectMany(c => Of(c.ConstraintType))))
                    .Concat(Attributes(m.CustomAttributes));
                foreach (var used in signature) yield return new Use(top, used.FullName, NamespaceOf(used), where);
                if (!m.HasBody) continue;
                foreach (var v in m.Body.Variables)
                    foreach (var used in Of(v.VariableType)) yield return new Use(top, used.FullName, NamespaceOf(used), where);
                foreach (var instruction in m.Body.Instructions)
                    foreach (var used in OfOperand(instruction.Operand)) yield return new Use(top, used.FullName, NamespaceOf(used), where);
            }
        }
    }

    /// <summary>Every string literal a top-level type (with its nested types) loads.</summary>
    public static IEnumerable<(string Literal, string Where)> Strings(TypeDefinition top) =>
        from type in WithNested(top)
        from m in type.Methods
        where m.HasBody
        from i in m.Body.Instructions
        where i.OpCode == OpCodes.Ldstr
        select ((string)i.Operand, $"{type.FullName}.{m.Name}");

    /// <summary>The namespace a type belongs to: for a nested type, its outermost declaring type's.</summary>
    public static string NamespaceOf(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type.Namespace;
    }

    public static string NamespaceOf(TypeDefinition type) => NamespaceOf((TypeReference)type);

    private static IEnumerable<TypeDefinition> WithNested(TypeDefinition type) => [type, .. type.NestedTypes.SelectMany(WithNested)];

    private static IEnumerable<TypeReference> OfOperand(object? operand) => operand switch
    {
        TypeReference t => Of(t),
        MethodReference m => Of(m.DeclaringType).Concat(Of(m.ReturnType)).Concat(m.Parameters.SelectMany(p => Of(p.ParameterType)))
            .Concat(m is GenericInstanceMethod g ? g.GenericArguments.SelectMany(Of) : []),
        FieldReference f => Of(f.DeclaringType).Concat(Of(f.FieldType)),
        _ => [],
    };

    private static IEnumerable<TypeReference> Attributes(IEnumerable<CustomAttribute> attributes) =>
        attributes.SelectMany(a => Of(a.AttributeType)
            .Concat(a.ConstructorArguments.Concat(a.Properties.Select(p => p.Argument)).Concat(a.Fields.Select(f => f.Argument))
                .SelectMany(arg => arg.Value is TypeReference t ? Of(t) : [])));

    /// <summary>A type and what it is made of: element types, generic arguments, function pointer parts.</summary>
    private static IEnumerable<TypeReference> Of(TypeReference? type)
    {
        switch (type)
        {
            case null:
            case GenericParameter:
                yield break;
            case GenericInstanceType g:
                foreach (var t in Of(g.ElementType)) yield return t;
                foreach (var t in g.GenericArguments.SelectMany(Of)) yield return t;
                yield break;
            case TypeSpecification s:
                foreach (var t in Of(s.ElementType)) yield return t;
                yield break;
            default:
                yield return type;
                yield break;
        }
    }
}
