using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace InterviewBooking.PostgreSql;

/// <summary>
/// The data source the registered stores share: the host's (<see cref="PostgreSqlStoreOptions.DataSource"/>, never disposed here) or one built
/// from <see cref="PostgreSqlStoreOptions.ConnectionString"/> with the host's logging, owned and disposed with the service provider.
/// </summary>
internal sealed class PostgreSqlStoreDataSource : IAsyncDisposable, IDisposable
{
    private readonly bool _owned;

    public PostgreSqlStoreDataSource(IOptions<PostgreSqlStoreOptions> options, ILoggerFactory? loggerFactory = null)
    {
        var value = options.Value;
        if (value.DataSource is { } dataSource)
        {
            DataSource = dataSource;
            return;
        }

        var builder = new NpgsqlDataSourceBuilder(value.ConnectionString);
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        DataSource = builder.Build();
        _owned = true;
    }

    public NpgsqlDataSource DataSource { get; }

    public ValueTask DisposeAsync() => _owned ? DataSource.DisposeAsync() : ValueTask.CompletedTask;

    public void Dispose()
    {
        if (_owned)
        {
            DataSource.Dispose();
        }
    }
}
