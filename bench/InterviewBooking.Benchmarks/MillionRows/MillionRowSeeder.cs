using System.Diagnostics;
using System.Globalization;
using InterviewBooking.PostgreSql;
using Npgsql;
using NpgsqlTypes;

namespace InterviewBooking.Benchmarks.MillionRows;

/// <summary>
/// Fills a schema with a year of past bookings: <see cref="TemplateFlows"/> writes ten real bookings' lives through the stores, then each
/// of their rows is copied (binary <c>COPY</c>) once per clone, with its ids made the clone's own (every id, key and reference the
/// template's rows share gets the clone's suffix, inside jsonb documents too), its instants shifted to the clone's moment in the year and
/// its interviewer one of <see cref="Interviewers"/>. Clone k of the million starts at <c>now - 1 year - 40 days + k × (1 year / count)</c>,
/// so the whole template's month of life is past by now. Display texts (the selected slot's wording) keep the template's words.
/// </summary>
internal static class MillionRowSeeder
{
    public const int Interviewers = 2000;
    private const string Marker = "interviewbooking-bench seeded";

    // Parents before children (the foreign keys); the directory's and the schema's own tables are not copied.
    private static readonly string[] Tables =
    [
        "reservations", "reservation_history", "payment_sessions", "payment_session_history", "interviews", "interview_history", "outbox",
        "processed_payment_events", "payouts", "payout_history", "payment_disputes", "interviewer_days", "candidate_holds", "coupons", "coupon_redemptions",
    ];

    /// <summary>The interviewer id of seeded clone <paramref name="k"/> (and of the benchmarks' holds on the full schema).</summary>
    public static string InterviewerId(long k) => "interviewer-" + (k % Interviewers).ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="schema"/> holds a finished seeding of <paramref name="sessions"/>.</summary>
    public static async Task<bool> IsSeededAsync(NpgsqlDataSource dataSource, string schema, int sessions)
    {
        await using var command = dataSource.CreateCommand("SELECT obj_description(to_regnamespace($1), 'pg_namespace')");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema });
        return await command.ExecuteScalarAsync() is string comment && comment == $"{Marker} {sessions}";
    }

    /// <summary>Drops <paramref name="schema"/>, creates it at <paramref name="version"/> and fills it with <paramref name="sessions"/> bookings.</summary>
    public static async Task SeedAsync(NpgsqlDataSource dataSource, string schema, int sessions, int version, TextWriter log)
    {
        var total = Stopwatch.StartNew();
        var templateSchema = schema + "_template";
        await TemplateFlows.WriteAsync(dataSource, templateSchema, version);
        await ExecuteAsync(dataSource, $"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        await new PostgreSqlBookingSchema(dataSource, new PostgreSqlStoreOptions { Schema = schema }).MigrateAsync(version);

        var templates = new List<TemplateTable>();
        foreach (var table in Tables)
        {
            templates.Add(await TemplateTable.ReadAsync(dataSource, templateSchema, table));
        }

        var tokens = await FlowTokensAsync(dataSource, templateSchema);
        foreach (var template in templates)
        {
            template.Bind(tokens);
            log.WriteLine($"template {template.Name}: {template.Rows.Count} rows ({template.UnboundRows} not of one flow){template.StatusSummary}");
        }

        var year = Duration.FromDays(365);
        var first = SystemClock.Instance.GetCurrentInstant() - year - Duration.FromDays(40);
        var clones = sessions / TemplateFlows.Flows;
        foreach (var template in templates.Where(t => t.Rows.Count > 0))
        {
            var watch = Stopwatch.StartNew();
            var rows = await template.CopyAsync(dataSource, schema, clones, k => first + year * ((double)k / sessions) - TemplateFlows.Origin);
            log.WriteLine($"copied {template.Name}: {rows:N0} rows in {watch.Elapsed.TotalSeconds:F0} s");
        }

        foreach (var template in templates)
        {
            await ExecuteAsync(dataSource, $"VACUUM (ANALYZE) \"{schema}\".{template.Name}");
        }

        await ExecuteAsync(dataSource, $"DROP SCHEMA \"{templateSchema}\" CASCADE");
        await ExecuteAsync(dataSource, $"COMMENT ON SCHEMA \"{schema}\" IS '{Marker} {sessions}'");
        log.WriteLine($"seeded {schema}: {sessions:N0} sessions at version {version} in {total.Elapsed.TotalMinutes:F1} min");
    }

    // Every id a flow's rows share, by flow: its reservation, session, interview, candidate, idempotency key, provider references, events, transfers.
    private static async Task<List<string>[]> FlowTokensAsync(NpgsqlDataSource dataSource, string schema)
    {
        var flows = Enumerable.Range(0, TemplateFlows.Flows).Select(_ => new List<string>()).ToArray();
        await using var command = dataSource.CreateCommand($"""
            SELECT s.candidate_id, ARRAY[s.id, s.reservation_id, s.interview_id, s.candidate_id, s.idempotency_key, s.provider_reference,
                         s.provider_payment_reference, s.refund_id, p.transfer_id, p.reversal_id, i.id, i.reservation_id]
                   || coalesce((SELECT array_agg(e.event_id) FROM "{schema}".processed_payment_events e WHERE e.session_id = s.id), ARRAY[]::text[])
            FROM "{schema}".payment_sessions s
            LEFT JOIN "{schema}".interviews i ON i.payment_session_id = s.id
            LEFT JOIN "{schema}".payouts p ON p.session_id = s.id
            """);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var flow = int.Parse(reader.GetString(0)["candidate-template-".Length..], CultureInfo.InvariantCulture);
            flows[flow].AddRange(reader.GetFieldValue<string?[]>(1).OfType<string>().Distinct(StringComparer.Ordinal));
        }

        return flows;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>One table's template rows, each cell ready to be written for any clone.</summary>
    private sealed class TemplateTable
    {
        private readonly List<(string Name, string Type)> _columns;
        private readonly List<object?[]> _values = [];
        private readonly List<Cell[]> _cells = [];

        private TemplateTable(string name, List<(string Name, string Type)> columns)
        {
            Name = name;
            _columns = columns;
        }

        public string Name { get; }

        public List<object?[]> Rows => _values;

        /// <summary>The flow of each row; -1 for a row no flow owns (a lock row), copied once per interviewer and day.</summary>
        public List<int> Flows { get; } = [];

        public int UnboundRows => Flows.Count(f => f < 0);

        public string StatusSummary
        {
            get
            {
                var status = _columns.FindIndex(c => c.Name == "status");
                return status < 0 ? string.Empty
                    : ", statuses " + string.Join(" ", _values.GroupBy(r => (string?)r[status]).Select(g => $"{g.Key}={g.Count()}"));
            }
        }

        public static async Task<TemplateTable> ReadAsync(NpgsqlDataSource dataSource, string schema, string name)
        {
            // Identity columns are left to the target's own sequence.
            var columns = new List<(string, string)>();
            await using (var command = dataSource.CreateCommand("""
                SELECT column_name, data_type FROM information_schema.columns
                WHERE table_schema = $1 AND table_name = $2 AND is_identity = 'NO' ORDER BY ordinal_position
                """))
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    columns.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            var table = new TemplateTable(name, columns);
            await using (var command = dataSource.CreateCommand($"SELECT {string.Join(", ", columns.Select(c => c.Item1))} FROM \"{schema}\".{name}"))
            {
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var row = new object?[columns.Count];
                    for (var i = 0; i < row.Length; i++)
                    {
                        row[i] = reader.IsDBNull(i) ? null
                            : columns[i].Item2 == "date" ? reader.GetFieldValue<DateOnly>(i)
                            : columns[i].Item2 == "tstzrange" ? reader.GetFieldValue<NpgsqlRange<DateTime>>(i)
                            : reader.GetValue(i);
                    }

                    table._values.Add(row);
                }
            }

            return table;
        }

        /// <summary>Assigns each row its flow and splits each text cell around the flow's tokens and the interviewer's id.</summary>
        public void Bind(List<string>[] tokens)
        {
            foreach (var row in _values)
            {
                var flow = Array.FindIndex(tokens, flowTokens => row.OfType<string>().Any(text => flowTokens.Any(t => text.Contains(t, StringComparison.Ordinal))));
                Flows.Add(flow);
                var cells = new Cell[row.Length];
                for (var i = 0; i < row.Length; i++)
                {
                    cells[i] = row[i] is string text ? Cell.Split(text, flow < 0 ? [] : tokens[flow]) : default;
                }

                _cells.Add(cells);
            }
        }

        public async Task<long> CopyAsync(NpgsqlDataSource dataSource, string schema, int clones, Func<long, Duration> shiftOf)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            var columns = string.Join(", ", _columns.Select(c => c.Name));
            await using var importer = await connection.BeginBinaryImportAsync($"COPY \"{schema}\".{Name} ({columns}) FROM STDIN (FORMAT BINARY)");
            importer.Timeout = TimeSpan.FromHours(1);
            var lockRows = new HashSet<(string, DateOnly)>();
            long written = 0;
            for (long c = 0; c < clones; c++)
            {
                for (var r = 0; r < _values.Count; r++)
                {
                    var flow = Flows[r];
                    var k = c * TemplateFlows.Flows + Math.Max(flow, 0);
                    var shift = shiftOf(k).ToTimeSpan();
                    var suffix = "-" + k.ToString(CultureInfo.InvariantCulture);
                    var interviewer = InterviewerId(k);
                    var row = _values[r];
                    var cells = _cells[r];
                    if (flow < 0 && row[0] is string && row.Length == 2 && row[1] is DateOnly day
                        && !lockRows.Add((cells[0].Write(suffix, interviewer), Shift(day, shift))))
                    {
                        continue;
                    }

                    await importer.StartRowAsync();
                    for (var i = 0; i < row.Length; i++)
                    {
                        await WriteAsync(importer, _columns[i].Type, row[i], cells[i], suffix, interviewer, shift);
                    }

                    written++;
                }
            }

            await importer.CompleteAsync();
            return written;
        }

        private static DateOnly Shift(DateOnly day, TimeSpan shift) =>
            DateOnly.FromDateTime(day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc) + shift);

        private static Task WriteAsync(NpgsqlBinaryImporter importer, string type, object? value, Cell cell, string suffix, string interviewer, TimeSpan shift) =>
            value switch
            {
                null => importer.WriteNullAsync(),
                string => importer.WriteAsync(cell.Write(suffix, interviewer), type == "jsonb" ? NpgsqlDbType.Jsonb : NpgsqlDbType.Text),
                DateTime instant => importer.WriteAsync(instant + shift, NpgsqlDbType.TimestampTz),
                NpgsqlRange<DateTime> range => importer.WriteAsync(
                    new NpgsqlRange<DateTime>(range.LowerBound + shift, range.LowerBoundIsInclusive, range.UpperBound + shift, range.UpperBoundIsInclusive),
                    NpgsqlDbType.TimestampTzRange),
                DateOnly day => importer.WriteAsync(Shift(day, shift), NpgsqlDbType.Date),
                long number => importer.WriteAsync(number, NpgsqlDbType.Bigint),
                int number => importer.WriteAsync(number, NpgsqlDbType.Integer),
                bool flag => importer.WriteAsync(flag, NpgsqlDbType.Boolean),
                Guid guid => importer.WriteAsync(guid, NpgsqlDbType.Uuid),
                string[] texts => importer.WriteAsync(texts, NpgsqlDbType.Array | NpgsqlDbType.Text),
                _ => throw new NotSupportedException($"Column type {type} ({value.GetType()}) is not copied."),
            };
    }

    /// <summary>A text cell as literal parts and places where a token (or the interviewer's id) goes.</summary>
    private readonly record struct Cell(string[]? Parts, int[]? Tokens)
    {
        private const int InterviewerToken = -1;

        public static Cell Split(string text, List<string> tokens)
        {
            var parts = new List<string>();
            var kinds = new List<int>();
            var at = 0;
            while (true)
            {
                // The earliest (then longest) token from here on.
                var best = (Index: -1, Token: 0, Length: 0);
                for (var t = -1; t < tokens.Count; t++)
                {
                    var token = t < 0 ? TemplateFlows.Interviewer : tokens[t];
                    var index = text.IndexOf(token, at, StringComparison.Ordinal);
                    if (index >= 0 && (best.Index < 0 || index < best.Index || (index == best.Index && token.Length > best.Length)))
                    {
                        best = (index, t, token.Length);
                    }
                }

                if (best.Index < 0)
                {
                    parts.Add(text[at..]);
                    return new Cell([.. parts], [.. kinds]);
                }

                parts.Add(text[at..best.Index]);
                kinds.Add(best.Token < 0 ? InterviewerToken : best.Token);
                parts.Add(best.Token < 0 ? string.Empty : tokens[best.Token]);
                at = best.Index + best.Length;
            }
        }

        public string Write(string suffix, string interviewer)
        {
            if (Tokens is not { Length: > 0 })
            {
                return Parts![0];
            }

            // parts: literal, token, literal, token, ..., literal.
            var builder = new System.Text.StringBuilder();
            for (var i = 0; i < Tokens.Length; i++)
            {
                builder.Append(Parts![2 * i]);
                builder.Append(Tokens[i] == InterviewerToken ? interviewer : Parts[2 * i + 1] + suffix);
            }

            return builder.Append(Parts![^1]).ToString();
        }
    }
}
