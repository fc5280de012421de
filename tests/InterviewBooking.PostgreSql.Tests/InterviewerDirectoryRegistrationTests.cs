using InterviewBooking.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace InterviewBooking.PostgreSql.Tests;

public sealed class InterviewerDirectoryRegistrationTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    [Fact]
    public void The_PostgreSQL_directory_replaces_the_in_memory_default_whatever_the_order_and_starts_with_the_host()
    {
        using var before = TestHost.Build(b => b.AddPostgreSqlStores(database.DataSource).AddPostgreSqlInterviewerDirectory().AddInMemoryStores());
        using var after = TestHost.Build(b => b.AddInMemoryStores().AddPostgreSqlInterviewerDirectory().AddPostgreSqlStores(database.DataSource));

        foreach (var provider in new[] { before, after })
        {
            var directory = provider.GetRequiredService<PostgreSqlInterviewerDirectory>();
            Assert.Same(directory, provider.GetRequiredService<IInterviewerDirectory>());
            Assert.Single(provider.GetServices<IInterviewerDirectory>());
            Assert.Single(provider.GetServices<IHostedService>().OfType<PostgreSqlInterviewerDirectoryStartup>());
            Assert.NotNull(provider.GetService<InMemoryInterviewerDirectory>()); // still there for whoever asks for it by type, unused
        }
    }

    [Fact]
    public void Without_the_PostgreSQL_stores_resolving_the_directory_says_what_to_add()
    {
        using var provider = TestHost.Build(b => b.AddInMemoryStores().AddPostgreSqlInterviewerDirectory());

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IInterviewerDirectory>());

        Assert.Contains("AddPostgreSqlStores", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_listener_settings_are_named_at_start_up()
    {
        using var provider = TestHost.Build(b => b.AddPostgreSqlStores(database.DataSource).AddPostgreSqlInterviewerDirectory(o =>
        {
            o.PollInterval = Duration.Zero;
            o.ReconnectDelay = Duration.FromSeconds(10);
            o.MaxReconnectDelay = Duration.FromSeconds(5);
            o.ListenConnectionString = "Host=localhost;Password=hunter2;Not A Keyword=1";
        }));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(3, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("PollInterval must be positive", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("MaxReconnectDelay must be at least ReconnectDelay", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("ListenConnectionString is not a valid", StringComparison.Ordinal));
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Listener_settings_bind_from_configuration_with_TimeSpan_durations()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PollInterval"] = "00:00:05",
            ["ReconnectDelay"] = "0:00:00:02",
            ["MaxReconnectDelay"] = "00:01:00",
        }).Build();
        using var provider = TestHost.Build(b => b.AddPostgreSqlStores(database.DataSource).AddPostgreSqlInterviewerDirectory(configuration));

        var options = provider.GetRequiredService<IOptions<PostgreSqlInterviewerDirectoryOptions>>().Value;

        Assert.Equal((Duration.FromSeconds(5), Duration.FromSeconds(2), Duration.FromMinutes(1)), (options.PollInterval, options.ReconnectDelay, options.MaxReconnectDelay));
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void The_channel_is_one_per_schema_and_fits_PostgreSQL_names()
    {
        var longSchema = new string('a', 63);

        Assert.Equal("interview_booking_directory", DirectoryListener.ChannelOf("interview_booking"));
        Assert.Equal(45, DirectoryListener.ChannelOf(longSchema).Length);
        Assert.NotEqual(DirectoryListener.ChannelOf(longSchema), DirectoryListener.ChannelOf(new string('a', 62) + "b"));
    }
}
