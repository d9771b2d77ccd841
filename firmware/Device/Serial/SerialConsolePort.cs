using System;
using System.IO.Ports;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using NanoPhone.App.Console;
using NanoPhone.App.Phone;
using NanoPhone.App.Runtime;

namespace NanoPhone.Device.Serial;

/// <summary>
/// The serial console's port: COM2 at 115200 baud, 8N1, on the <see cref="ConsolePins"/>. Output
/// lines end in CR LF. A reader thread takes each line (ended by CR; see <see cref="TerminalLine"/>
/// for CR LF terminals) and posts it to the loop as a ConsoleLineWork, so the console runs on the
/// loop thread. Terminals should echo locally: the port does not echo. Nothing the port does may
/// stop the phone: a line it cannot write is dropped, and a read that fails (other than by its
/// timeout) ends the reading with one line. Program opens it through <see cref="ConsoleStart"/>.
/// </summary>
public sealed class SerialConsolePort : IConsolePort
{
    public const string PortName = "COM2";
    public const int BaudRate = 115200;
    public const int WriteTimeoutMs = 1000;

    private readonly SerialPort _port;
    private readonly object _writeGate = new object();
    private SerialConsole _console;
    private PhoneLoop _loop;

    private SerialConsolePort(SerialPort port)
    {
        _port = port;
    }

    /// <summary>Opens the port for <see cref="ConsoleStart.Open"/>.</summary>
    public sealed class Opener : IConsolePortOpener
    {
        public IConsolePort Open(ConsolePins pins)
        {
            return SerialConsolePort.Open(pins);
        }
    }

    /// <summary>Routes COM2 to the pins and opens it; throws when it cannot.</summary>
    public static SerialConsolePort Open(ConsolePins pins)
    {
        Configuration.SetPinFunction(pins.Rx, DeviceFunction.COM2_RX);
        Configuration.SetPinFunction(pins.Tx, DeviceFunction.COM2_TX);
        SerialPort port = new SerialPort(PortName, BaudRate);
        port.NewLine = "\r";
        port.ReadTimeout = Timeout.Infinite;
        port.WriteTimeout = WriteTimeoutMs;
        port.Open();
        return new SerialConsolePort(port);
    }

    /// <summary>Writes one line; a line the port cannot take (within the write timeout, or at all) is dropped.</summary>
    public void WriteLine(string line)
    {
        lock (_writeGate)
        {
            try
            {
                _port.Write(line + "\r\n");
            }
            catch (Exception)
            {
            }
        }
    }

    /// <summary>Starts the thread that reads lines and posts each to <paramref name="loop"/>, where <paramref name="console"/> runs it.</summary>
    public void StartReading(SerialConsole console, PhoneLoop loop)
    {
        _console = console;
        _loop = loop;
        new Thread(ReadLines).Start();
    }

    private void ReadLines()
    {
        while (true)
        {
            string line;
            try
            {
                line = _port.ReadLine();
            }
            catch (TimeoutException)
            {
                continue;
            }
            catch (Exception e)
            {
                WriteLine("console: reading COM2 failed: " + ConsoleStart.Describe(e) + "; the console takes no more input, the phone goes on");
                return;
            }
            if (!_loop.Post(new ConsoleLineWork(_console, TerminalLine.Clean(line))))
            {
                WriteLine("error: busy, type the line again");
            }
        }
    }
}
