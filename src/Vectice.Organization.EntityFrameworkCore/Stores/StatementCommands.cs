using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore.Storage;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// The command of a sequence of statements (its text, and its parameters with their properties' type
/// mappings), built once per sequence and per model and kept, as EF Core keeps a compiled query's command:
/// a write sends the same few sequences again and again (a request's, a confirm's). A command kept is a
/// template, never executed itself (a command keeps the reader it last opened): each execution fills the
/// command it rents from its connection and brings only the values, so the provider makes each parameter
/// once (EF Core clones a ready-made parameter on every execution where the provider's can be cloned, as
/// Npgsql's can) and no text is written again. Only short sequences are kept (a bulk change of N members
/// is a sequence per N), and no more than <see cref="Capacity"/> of them.
/// </summary>
internal sealed class StatementCommands
{
    /// <summary>How many sequences are kept, at most.</summary>
    public const int Capacity = 64;

    /// <summary>The longest sequence kept, in statements.</summary>
    public const int LongestKept = 16;

    private readonly ConcurrentDictionary<Sequence, IRelationalCommandTemplate> _commands = new();

    /// <summary>
    /// The command of <paramref name="statements"/>, its parameters named <c>names.Names[0]</c> on, their
    /// values to be given by those names on each execution. Its text: each statement's composite format (its
    /// slots numbered from 0) with its parameters' placeholders, numbered on from the statement before, then
    /// <c>;</c> and a new line; the store's tag line first (see <see cref="StatementPreparation"/>).
    /// </summary>
    /// <param name="factory">
    /// The context's builder factory, which builds a command not kept yet. A command kept serves every
    /// context of the model: only its text and its parameters (their type mappings are the model's) fill
    /// the command each execution rents from its connection.
    /// </param>
    /// <param name="statements">
    /// The statements: their formats (by reference: each is made once per model) and numbers of values are
    /// the key, as a format's slots always take the same properties' values.
    /// </param>
    /// <param name="names">At least as many names as the statements have values.</param>
    public IRelationalCommandTemplate For(IRelationalCommandBuilderFactory factory, List<(string Sql, DbParameterValue[] Values, bool OneRow)> statements, ParameterNames.Spellings names)
    {
        if (statements.Count > LongestKept)
        {
            return Build(factory, statements, names);
        }

        var shape = new (string Template, int Values)[statements.Count];
        for (var i = 0; i < shape.Length; i++)
        {
            shape[i] = (statements[i].Sql, statements[i].Values.Length);
        }

        var key = new Sequence(shape);
        if (_commands.TryGetValue(key, out var command))
        {
            return command;
        }

        command = Build(factory, statements, names);
        if (_commands.Count < Capacity)
        {
            _commands.TryAdd(key, command);
        }

        return command;
    }

    private static IRelationalCommandTemplate Build(IRelationalCommandBuilderFactory factory, List<(string Sql, DbParameterValue[] Values, bool OneRow)> statements, ParameterNames.Spellings names)
    {
        var builder = factory.Create().Append(Write(statements, names));
        var n = 0;
        foreach (var (_, values, _) in statements)
        {
            foreach (var value in values)
            {
                var name = names.Names[n++];
                builder.AddParameter(name, name, (RelationalTypeMapping)value.Property.GetTypeMapping(), value.Property.IsNullable);
            }
        }

        return builder.Build();
    }

    private static string Write(List<(string Sql, DbParameterValue[] Values, bool OneRow)> statements, ParameterNames.Spellings names)
    {
        var builder = new StringBuilder("-- ").Append(StatementPreparation.Tag).Append('\n');
        var first = 0;
        foreach (var (sql, values, _) in statements)
        {
            builder.AppendFormat(CultureInfo.InvariantCulture, sql, new ReadOnlySpan<object?>(names.Placeholders, first, values.Length)).Append(";\n");
            first += values.Length;
        }

        return builder.ToString();
    }

    // The statements' formats, compared by reference (cheap to hash; a format made twice only costs a second entry), and their numbers of values.
    private readonly struct Sequence((string Template, int Values)[] shape) : IEquatable<Sequence>
    {
        private readonly (string Template, int Values)[] _templates = shape;

        public bool Equals(Sequence other)
        {
            if (_templates.Length != other._templates.Length)
            {
                return false;
            }

            for (var i = 0; i < _templates.Length; i++)
            {
                if (!ReferenceEquals(_templates[i].Template, other._templates[i].Template) || _templates[i].Values != other._templates[i].Values)
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is Sequence other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var (template, values) in _templates)
            {
                hash.Add(RuntimeHelpers.GetHashCode(template));
                hash.Add(values);
            }

            return hash.ToHashCode();
        }
    }
}
