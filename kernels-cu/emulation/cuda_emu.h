// CUDA emulation for the CPU: lets g++ build the kernels-cu/*.cu sources unchanged and run a grid block by
// block. Each CUDA thread of a block is a fiber (ucontext) on one OS thread; the fibers switch only at
// __syncthreads, __syncwarp and warp shuffles, which are barriers here, so shared memory (function statics),
// warp exchange and atomics need no locking. Deadlocks (threads waiting at different barriers) are reported
// instead of hanging. Used by the kernel parity tests only; the GPU build never sees this file.
//
// Limits: 1024 threads per block; no dynamic shared memory; shuffles assume the calling lanes converge (as
// MultiMix's kernels do: full warps, uniform control flow around every shuffle).
#pragma once

#include <math.h>
#include <stdint.h>
#include <string.h>
#include <ucontext.h>

#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

struct dim3
{
    unsigned int x = 1, y = 1, z = 1;
};

inline dim3 threadIdx, blockIdx, blockDim, gridDim;
inline constexpr int warpSize = 32;

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __shared__ static
#define __launch_bounds__(...)
#define __restrict__ __restrict

// ---- math and bit intrinsics ----

inline float __int_as_float(int v) { float f; memcpy(&f, &v, sizeof f); return f; }
inline float __int_as_float(unsigned int v) { return __int_as_float((int)v); }
inline int __float_as_int(float f) { int v; memcpy(&v, &f, sizeof v); return v; }
inline unsigned int __float_as_uint(float f) { return (unsigned int)__float_as_int(f); }
inline unsigned int __umulhi(unsigned int a, unsigned int b) { return (unsigned int)(((unsigned long long)a * b) >> 32); }
inline float rsqrtf(float x) { return 1.0f / sqrtf(x); }
inline float __expf(float x) { return expf(x); }
inline float __logf(float x) { return logf(x); }
inline float __fdividef(float a, float b) { return a / b; }
inline float __saturatef(float x) { return x < 0.0f ? 0.0f : (x > 1.0f ? 1.0f : x); }
template <class T> inline T __ldg(const T* p) { return *p; }
inline int min(int a, int b) { return a < b ? a : b; }
inline int max(int a, int b) { return a > b ? a : b; }
inline long long min(long long a, long long b) { return a < b ? a : b; }
inline long long max(long long a, long long b) { return a > b ? a : b; }
inline unsigned int min(unsigned int a, unsigned int b) { return a < b ? a : b; }
inline unsigned int max(unsigned int a, unsigned int b) { return a > b ? a : b; }

namespace emu
{
constexpr int MaxThreads = 1024;
constexpr size_t StackBytes = 64 * 1024;

struct Fiber
{
    ucontext_t context;
    bool done = false;
    int waitingOn = 0;             // 0: runnable, 1: block barrier, 2: warp barrier
    unsigned long long waitGeneration = 0;
};

// State of the block being run. Blocks run one after another, so one instance serves the whole grid.
struct Block
{
    int threads = 0;
    int current = 0;
    ucontext_t scheduler;
    std::vector<Fiber> fibers;
    std::vector<char> stacks;
    void (*entry)(void*, void**) = nullptr;
    void* function = nullptr;
    void** args = nullptr;

    int alive = 0;
    int blockArrived = 0;
    unsigned long long blockGeneration = 0;
    std::vector<int> warpAlive, warpArrived;
    std::vector<unsigned long long> warpGeneration;
    std::vector<unsigned long long> lanes; // shuffle exchange, one slot per thread
};

inline Block& block()
{
    static Block state;
    return state;
}

inline int thread_rank() { return (int)(threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z)); }

inline void yield_to_scheduler()
{
    Block& b = block();
    swapcontext(&b.fibers[b.current].context, &b.scheduler);
}

// Releases the block barrier once every live thread has arrived.
inline void release_block_if_complete()
{
    Block& b = block();
    if (b.blockArrived > 0 && b.blockArrived == b.alive)
    {
        b.blockArrived = 0;
        b.blockGeneration++;
    }
}

inline void release_warp_if_complete(int warp)
{
    Block& b = block();
    if (b.warpArrived[warp] > 0 && b.warpArrived[warp] == b.warpAlive[warp])
    {
        b.warpArrived[warp] = 0;
        b.warpGeneration[warp]++;
    }
}

inline void sync_block()
{
    Block& b = block();
    Fiber& f = b.fibers[b.current];
    f.waitGeneration = b.blockGeneration;
    b.blockArrived++;
    release_block_if_complete();
    if (b.blockGeneration == f.waitGeneration)
    {
        f.waitingOn = 1;
        yield_to_scheduler();
    }
}

inline void sync_warp()
{
    Block& b = block();
    Fiber& f = b.fibers[b.current];
    const int warp = b.current / 32;
    f.waitGeneration = b.warpGeneration[warp];
    b.warpArrived[warp]++;
    release_warp_if_complete(warp);
    if (b.warpGeneration[warp] == f.waitGeneration)
    {
        f.waitingOn = 2;
        yield_to_scheduler();
    }
}

// Every lane publishes its value, then reads lane `source` of its own warp (its own value when the source is
// outside the warp segment or the block).
template <class T>
inline T exchange(T value, int source, bool valid)
{
    static_assert(sizeof(T) <= sizeof(unsigned long long), "shuffle of a type wider than 64 bits");
    Block& b = block();
    const int rank = b.current;
    unsigned long long bits = 0;
    memcpy(&bits, &value, sizeof(T));
    b.lanes[rank] = bits;
    sync_warp();
    const int target = (rank / 32) * 32 + source;
    T result = value;
    if (valid && target < b.threads)
    {
        memcpy(&result, &b.lanes[target], sizeof(T));
    }
    sync_warp();
    return result;
}

inline void fiber_main()
{
    Block& b = block();
    b.entry(b.function, b.args);
    Fiber& f = b.fibers[b.current];
    f.done = true;
    b.alive--;
    b.warpAlive[b.current / 32]--;
    release_block_if_complete();
    release_warp_if_complete(b.current / 32);
    // Returning resumes the scheduler through uc_link.
}

inline bool runnable(const Block& b, const Fiber& f, int rank)
{
    if (f.done) return false;
    if (f.waitingOn == 1) return b.blockGeneration != f.waitGeneration;
    if (f.waitingOn == 2) return b.warpGeneration[rank / 32] != f.waitGeneration;
    return true;
}

inline void set_thread(int rank)
{
    threadIdx.x = rank % blockDim.x;
    threadIdx.y = (rank / blockDim.x) % blockDim.y;
    threadIdx.z = rank / (blockDim.x * blockDim.y);
}

// Runs one block to completion; returns an error message, or empty on success.
inline std::string run_block()
{
    Block& b = block();
    const int n = b.threads;
    b.alive = n;
    b.blockArrived = 0;
    const int warps = (n + 31) / 32;
    b.warpAlive.assign(warps, 0);
    b.warpArrived.assign(warps, 0);
    b.warpGeneration.assign(warps, 0);
    for (int t = 0; t < n; t++) b.warpAlive[t / 32]++;
    b.fibers.assign(n, Fiber{});
    b.lanes.assign(n, 0);
    if (b.stacks.size() < (size_t)n * StackBytes) b.stacks.resize((size_t)n * StackBytes);
    for (int t = 0; t < n; t++)
    {
        Fiber& f = b.fibers[t];
        getcontext(&f.context);
        f.context.uc_stack.ss_sp = b.stacks.data() + (size_t)t * StackBytes;
        f.context.uc_stack.ss_size = StackBytes;
        f.context.uc_link = &b.scheduler;
        makecontext(&f.context, fiber_main, 0);
    }
    while (b.alive > 0)
    {
        bool progressed = false;
        for (int t = 0; t < n; t++)
        {
            Fiber& f = b.fibers[t];
            if (!runnable(b, f, t)) continue;
            f.waitingOn = 0;
            b.current = t;
            set_thread(t);
            swapcontext(&b.scheduler, &f.context);
            progressed = true;
        }
        if (!progressed) return "deadlock: live threads wait at barriers that can never complete";
    }
    return "";
}

template <class... A, size_t... I>
inline void call_unpacked(void (*kernel)(A...), void** args, std::index_sequence<I...>)
{
    kernel(*static_cast<std::remove_reference_t<A>*>(args[I])...);
}

struct Kernel
{
    const char* name;
    void* function;
    int arity;
    void (*entry)(void*, void**);
};

// A registry entry for a kernel: its name, arity and a trampoline that unpacks a cuLaunchKernel-style
// argument array (one pointer per argument) into the call.
template <class... A>
inline Kernel kernel(const char* name, void (*function)(A...))
{
    return Kernel{ name, reinterpret_cast<void*>(function), (int)sizeof...(A), [](void* f, void** args)
    {
        call_unpacked(reinterpret_cast<void (*)(A...)>(f), args, std::index_sequence_for<A...>{});
    } };
}

inline std::string& last_error()
{
    static std::string message;
    return message;
}

inline int launch(const Kernel* kernels, int count, const char* name, dim3 grid, dim3 threads, unsigned int sharedBytes, void** args, int argCount)
{
    const Kernel* k = nullptr;
    for (int i = 0; i < count; i++)
        if (strcmp(kernels[i].name, name) == 0) k = &kernels[i];
    if (k == nullptr) { last_error() = std::string("unknown kernel ") + name; return 1; }
    if (k->arity != argCount)
    {
        last_error() = std::string(name) + " takes " + std::to_string(k->arity) + " arguments, got " + std::to_string(argCount);
        return 2;
    }
    const unsigned long long total = (unsigned long long)threads.x * threads.y * threads.z;
    if (total == 0 || total > MaxThreads) { last_error() = "block size must be 1.." + std::to_string(MaxThreads); return 3; }
    if (grid.x == 0 || grid.y == 0 || grid.z == 0) { last_error() = "empty grid"; return 3; }
    if (sharedBytes != 0) { last_error() = "dynamic shared memory is not emulated"; return 4; }
    Block& b = block();
    b.threads = (int)total;
    b.entry = k->entry;
    b.function = k->function;
    b.args = args;
    gridDim = grid;
    blockDim = threads;
    for (unsigned int z = 0; z < grid.z; z++)
        for (unsigned int y = 0; y < grid.y; y++)
            for (unsigned int x = 0; x < grid.x; x++)
            {
                blockIdx.x = x;
                blockIdx.y = y;
                blockIdx.z = z;
                std::string error = run_block();
                if (!error.empty())
                {
                    last_error() = std::string(name) + ": " + error;
                    return 5;
                }
            }
    return 0;
}
} // namespace emu

inline void __syncthreads() { emu::sync_block(); }
inline void __syncwarp(unsigned int = 0xffffffffu) { emu::sync_warp(); }

template <class T>
inline T __shfl_sync(unsigned int, T value, int srcLane, int width = warpSize)
{
    const int lane = emu::thread_rank() % 32;
    const int segment = lane / width * width;
    return emu::exchange(value, segment + srcLane % width, true);
}

template <class T>
inline T __shfl_down_sync(unsigned int, T value, unsigned int delta, int width = warpSize)
{
    const int lane = emu::thread_rank() % 32;
    const int source = lane + (int)delta;
    return emu::exchange(value, source, source / width == lane / width);
}

template <class T>
inline T __shfl_up_sync(unsigned int, T value, unsigned int delta, int width = warpSize)
{
    const int lane = emu::thread_rank() % 32;
    const int source = lane - (int)delta;
    return emu::exchange(value, source, source >= lane / width * width);
}

template <class T>
inline T __shfl_xor_sync(unsigned int, T value, int laneMask, int width = warpSize)
{
    const int lane = emu::thread_rank() % 32;
    const int source = lane ^ laneMask;
    return emu::exchange(value, source, source / width == lane / width);
}

// Atomics: fibers never switch inside these, so plain read-modify-write is atomic.
template <class T> inline T atomicAdd(T* address, T value) { T old = *address; *address = old + value; return old; }
template <class T> inline T atomicMax(T* address, T value) { T old = *address; if (value > old) *address = value; return old; }
template <class T> inline T atomicMin(T* address, T value) { T old = *address; if (value < old) *address = value; return old; }
template <class T> inline T atomicExch(T* address, T value) { T old = *address; *address = value; return old; }
template <class T> inline T atomicCAS(T* address, T compare, T value) { T old = *address; if (old == compare) *address = value; return old; }

// Defines the library's exported entry points over a table of emu::kernel(...) entries.
#define MULTIMIX_EMULATION_EXPORTS(table)                                                                       \
    extern "C" __attribute__((visibility("default"))) int emu_launch(const char* name, unsigned int gx,         \
        unsigned int gy, unsigned int gz, unsigned int bx, unsigned int by, unsigned int bz,                     \
        unsigned int sharedBytes, void** args, int argCount)                                                     \
    {                                                                                                            \
        return emu::launch(table, (int)(sizeof(table) / sizeof(table[0])), name, dim3{ gx, gy, gz },             \
            dim3{ bx, by, bz }, sharedBytes, args, argCount);                                                    \
    }                                                                                                            \
    extern "C" __attribute__((visibility("default"))) const char* emu_last_error()                               \
    {                                                                                                            \
        return emu::last_error().c_str();                                                                        \
    }
