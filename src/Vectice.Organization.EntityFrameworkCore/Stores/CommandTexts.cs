using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Vectice.Organization.EntityFrameworkCore;

/// <summary>
/// The text of a command of several statements, written once per sequence of statements: a write sends
/// the same few sequences again and again (a request's, a confirm's), and writing the text, with its
/// parameters' names put in, cost a tenth of the store's time on the CPU. Sequences of any length (a
/// bulk change of N members) stop being kept once <see cref="Capacity"/> are.
/// </summary>
internal sealed class CommandTexts
{
    /// <summary>How many sequences are kept, at most.</summary>
    public const int Capacity = 64;

    private readonly ConcurrentDictionary<Sequence, string> _texts = new();

    /// <summary>
    /// The command's text: each statement's composite format (its slots numbered from 0) with its
    /// parameters' placeholders, numbered on from the statement before, then <c>;</c> and a new line; the
    /// store's tag line first (see <see cref="StatementPreparation"/>).
    /// </summary>
    /// <param name="templates">The statements' formats, in order: the key (by reference: each is made once per model).</param>
    /// <param name="statements">The statements, whose values say how many slots each has.</param>
    /// <param name="names">At least as many names as the statements have values.</param>
    public string For(string[] templates, List<(string Sql, DbParameterValue[] Values, bool OneRow)> statements, ParameterNames.Spellings names)
    {
        var key = new Sequence(templates);
        if (_texts.TryGetValue(key, out var text))
        {
            return text;
        }

        var builder = new StringBuilder("-- ").Append(StatementPreparation.Tag).Append('\n');
        var first = 0;
        foreach (var (sql, values, _) in statements)
        {
            builder.AppendFormat(CultureInfo.InvariantCulture, sql, new ReadOnlySpan<object?>(names.Placeholders, first, values.Length)).Append(";\n");
            first += values.Length;
        }

        text = builder.ToString();
        if (_texts.Count < Capacity)
        {
            _texts.TryAdd(key, text);
        }

        return text;
    }

    // The statements' formats, compared by reference: cheap to hash, and a format made twice only costs a second entry.
    private readonly struct Sequence(string[] templates) : IEquatable<Sequence>
    {
        private readonly string[] _templates = templates;

        public bool Equals(Sequence other)
        {
            if (_templates.Length != other._templates.Length)
            {
                return false;
            }

            for (var i = 0; i < _templates.Length; i++)
            {
                if (!ReferenceEquals(_templates[i], other._templates[i]))
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
            foreach (var template in _templates)
            {
                hash.Add(RuntimeHelpers.GetHashCode(template));
            }

            return hash.ToHashCode();
        }
    }
}
