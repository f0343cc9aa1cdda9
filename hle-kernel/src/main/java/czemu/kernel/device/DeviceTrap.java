package czemu.kernel.device;

import czemu.kernel.arch.Cpu;
import czemu.kernel.thread.ThreadContext;
import java.util.HashMap;
import java.util.Map;

/**
 * Trap-and-emulate for device pages (DESIGN.md §2): their page-table entries give user mode no
 * access, so every access aborts; the abort handler lands here with the decoded instruction, which
 * is performed on the Java device model, its registers updated and the PC moved past it. No memory
 * hook is installed, so ordinary loads and stores stay on the engine's fast path.
 */
public final class DeviceTrap {
    private final Map<Integer, Device> devicesByPage = new HashMap<>();

    public void attach(int pageAddress, Device device) {
        devicesByPage.put(pageAddress & ~0xFFF, device);
    }

    public boolean isDevicePage(int address) {
        return devicesByPage.containsKey(address & ~0xFFF);
    }

    public Iterable<Integer> devicePages() {
        return devicesByPage.keySet();
    }

    /** Performs the transfer on the device; false when it is not a device access this trap can emulate. */
    public boolean emulate(ThreadContext context, SingleTransfer transfer) {
        if (transfer == null) return false;
        Device device = devicesByPage.get(transfer.address() & ~0xFFF);
        if (device == null || transfer.rt() == Cpu.PC) return false;
        int offset = transfer.address() & 0xFFF;
        int[] core = context.core;
        if (transfer.load()) {
            int value = device.read(offset, transfer.size());
            value = switch (transfer.size()) {
                case 1 -> transfer.signed() ? (byte) value : value & 0xFF;
                case 2 -> transfer.signed() ? (short) value : value & 0xFFFF;
                default -> value;
            };
            core[transfer.rt()] = value;
        } else {
            int value = core[transfer.rt()];
            device.write(offset, transfer.size() == 4 ? value : value & ((1 << (8 * transfer.size())) - 1), transfer.size());
        }
        if (transfer.writeback() && transfer.rn() >= 0 && transfer.rn() != transfer.rt()) {
            core[transfer.rn()] = transfer.newBase();
        }
        core[Cpu.PC] += transfer.length();
        return true;
    }
}
