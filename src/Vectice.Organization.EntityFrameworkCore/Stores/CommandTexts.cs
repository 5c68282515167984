using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// The text of a command of several statements, written once per sequence of statements: a write sends
/// the same few sequences again and again (a request's, a confirm's), and its text, with its parameters'
/// names put in, was written anew each time. Only short sequences are kept (a bulk change of N members is
/// a sequence per N), and no more than <see cref="Capacity"/> of them.
/// </summary>
internal sealed class CommandTexts
{
    /// <summary>How many sequences are kept, at most.</summary>
    public const int Capacity = 64;

    /// <summary>The longest sequence kept, in statements.</summary>
    public const int LongestKept = 16;

    private readonly ConcurrentDictionary<Sequence, string> _texts = new();

    /// <summary>
    /// The command's text: each statement's composite format (its slots numbered from 0) with its
    /// parameters' placeholders, numbered on from the statement before, then <c>;</c> and a new line; the
    /// store's tag line first (see <see cref="StatementPreparation"/>).
    /// </summary>
    /// <param name="statements">The statements: their formats (by reference: each is made once per model) and numbers of values are the key.</param>
    /// <param name="names">At least as many names as the statements have values.</param>
    public string For(List<(string Sql, DbParameterValue[] Values, bool OneRow)> statements, ParameterNames.Spellings names)
    {
        if (statements.Count > LongestKept)
        {
            return Write(statements, names);
        }

        var shape = new (string Template, int Values)[statements.Count];
        for (var i = 0; i < shape.Length; i++)
        {
            shape[i] = (statements[i].Sql, statements[i].Values.Length);
        }

        var key = new Sequence(shape);
        if (_texts.TryGetValue(key, out var text))
        {
            return text;
        }

        text = Write(statements, names);
        if (_texts.Count < Capacity)
        {
            _texts.TryAdd(key, text);
        }

        return text;
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
