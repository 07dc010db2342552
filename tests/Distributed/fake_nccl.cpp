// A stand-in for libnccl.so.2 that exports the C entry points MultiMix binds, with the parameter types of
// nccl.h (NCCL 2.x), and checks and records what it receives, so the bindings' calling convention is tested
// without a GPU: ncclCommInitRank takes the 128-byte ncclUniqueId by value, which is where a wrong binding
// (a pointer instead of the struct) shows. Test hooks: fake_nccl_log, fake_nccl_set_version, fake_nccl_reset.
#include <cstdarg>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <string>

#define EXPORT extern "C" __attribute__((visibility("default")))

typedef struct { char internal[128]; } ncclUniqueId;
typedef struct ncclComm* ncclComm_t;
typedef struct CUstream_st* cudaStream_t;
typedef enum { ncclSuccess = 0, ncclInvalidArgument = 4, ncclInvalidUsage = 5 } ncclResult_t;
typedef int ncclDataType_t;
typedef int ncclRedOp_t;

namespace {
int version = 22105;
std::string log;
std::string last_error;
int comm_object;
ncclComm_t const the_comm = reinterpret_cast<ncclComm_t>(&comm_object);
cudaStream_t const refused_stream = reinterpret_cast<cudaStream_t>(0xbad);

char id_byte(int i) { return static_cast<char>((i * 7 + 3) & 0xff); }

void record(const char* format, ...) __attribute__((format(printf, 1, 2)));
void record(const char* format, ...)
{
    char line[512];
    va_list args;
    va_start(args, format);
    vsnprintf(line, sizeof line, format, args);
    va_end(args);
    log += line;
    log += '\n';
}

ncclResult_t fail(ncclResult_t result, const std::string& why)
{
    last_error = why;
    record("error %d: %s", static_cast<int>(result), why.c_str());
    return result;
}
}

EXPORT ncclResult_t ncclGetVersion(int* out)
{
    *out = version;
    record("ncclGetVersion");
    return ncclSuccess;
}

EXPORT ncclResult_t ncclGetUniqueId(ncclUniqueId* id)
{
    for (int i = 0; i < 128; i++) id->internal[i] = id_byte(i);
    record("ncclGetUniqueId");
    return ncclSuccess;
}

EXPORT ncclResult_t ncclCommInitRank(ncclComm_t* comm, int nranks, ncclUniqueId id, int rank)
{
    for (int i = 0; i < 128; i++)
    {
        if (id.internal[i] != id_byte(i)) return fail(ncclInvalidArgument, "commId byte " + std::to_string(i) + " is not the one ncclGetUniqueId drew");
    }
    if (nranks < 1 || rank < 0 || rank >= nranks) return fail(ncclInvalidArgument, "rank out of range");
    *comm = the_comm;
    record("ncclCommInitRank nranks=%d rank=%d id=ok", nranks, rank);
    return ncclSuccess;
}

EXPORT ncclResult_t ncclAllReduce(const void* send, void* recv, size_t count, ncclDataType_t type, ncclRedOp_t op, ncclComm_t comm, cudaStream_t stream)
{
    if (comm != the_comm) return fail(ncclInvalidArgument, "unknown communicator");
    if (stream == refused_stream) return fail(ncclInvalidUsage, "stream 0xbad refused by the fake");
    record("ncclAllReduce send=%p recv=%p count=%zu type=%d op=%d stream=%p", send, recv, count, type, op, static_cast<void*>(stream));
    return ncclSuccess;
}

EXPORT ncclResult_t ncclCommDestroy(ncclComm_t comm)
{
    if (comm != the_comm) return fail(ncclInvalidArgument, "unknown communicator");
    record("ncclCommDestroy");
    return ncclSuccess;
}

EXPORT ncclResult_t ncclCommAbort(ncclComm_t comm)
{
    if (comm != the_comm) return fail(ncclInvalidArgument, "unknown communicator");
    record("ncclCommAbort");
    return ncclSuccess;
}

EXPORT const char* ncclGetErrorString(ncclResult_t result)
{
    switch (result)
    {
        case ncclSuccess: return "no error";
        case ncclInvalidArgument: return "invalid argument (fake)";
        case ncclInvalidUsage: return "invalid usage (fake)";
    }
    return "unknown result (fake)";
}

EXPORT const char* ncclGetLastError(ncclComm_t)
{
    return last_error.c_str();
}

EXPORT int fake_nccl_log(char* out, int capacity)
{
    std::snprintf(out, static_cast<size_t>(capacity), "%s", log.c_str());
    return static_cast<int>(log.size());
}

EXPORT void fake_nccl_set_version(int code)
{
    version = code;
}

EXPORT void fake_nccl_reset()
{
    log.clear();
    last_error.clear();
    version = 22105;
}
