// Kernels that exercise the emulator itself (barriers, shared memory, shuffles, atomics, early exit) with
// answers known in closed form. Built into the emulation library by the tests only.

// out[i] = sum of in[] over the block, by shared memory and __syncthreads (any block size).
extern "C" __global__ void selftest_shared_sum(const float* in, float* out)
{
    __shared__ float cells[1024];
    const int t = threadIdx.x;
    cells[t] = in[blockIdx.x * blockDim.x + t];
    __syncthreads();
    if (t == 0)
    {
        float s = 0.0f;
        for (unsigned int k = 0; k < blockDim.x; k++) s += cells[k];
        cells[0] = s;
    }
    __syncthreads();
    out[blockIdx.x * blockDim.x + t] = cells[0];
}

// down[i] = lane + 3 where that lane exists in the warp, else own lane; xor[i] = lane ^ 5; bcast[i] = lane 7's value.
extern "C" __global__ void selftest_shuffles(int* down, int* xorred, int* broadcast)
{
    const int t = threadIdx.x;
    const int lane = t & 31;
    down[t] = __shfl_down_sync(0xffffffffu, lane, 3);
    xorred[t] = __shfl_xor_sync(0xffffffffu, lane, 5);
    broadcast[t] = __shfl_sync(0xffffffffu, lane * 10, 7);
}

// Every thread adds its index; odd threads leave before the barrier, which must still complete.
extern "C" __global__ void selftest_atomics_and_exit(int* total, int* maximum, int* after)
{
    const int t = threadIdx.x;
    atomicAdd(total, t);
    atomicMax(maximum, t);
    if (t % 2 == 1) return;
    __syncthreads();
    after[t] = 1;
}

// Threads that wait at different barriers: the emulator must report a deadlock, not hang.
extern "C" __global__ void selftest_deadlock(int* x)
{
    if (threadIdx.x == 0)
    {
        __syncthreads();
    }
    else
    {
        __syncwarp();
        __syncthreads();
        __syncthreads();
    }
    x[threadIdx.x] = 1;
}
