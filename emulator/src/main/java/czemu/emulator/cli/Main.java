package czemu.emulator.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code czemu} command. */
@Command(name = "czemu", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs ARM ELF programs of a Codezero L4 microkernel userland: the CPU in Unicorn, "
                + "the microkernel and its pager mm0 in Java.",
        subcommands = {RunCommand.class, BenchCommand.class, TraceCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the command line with the given streams and returns the exit status (used by tests too). */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            err.println("czemu: error: internal error: " + exception);
            if (System.getenv("CZEMU_DEBUG") != null) exception.printStackTrace(err);
            return RunCommand.STATUS_CZEMU_ERROR;
        });
        RunCommand.streams(out, err);
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"czemu " + (version == null ? "(development build)" : version)
                    + " — Unicorn 2.0.1 engine, Codezero ABI (HEAD 84f60fe)"};
        }
    }
}
