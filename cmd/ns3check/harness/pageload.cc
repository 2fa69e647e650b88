// pageload.cc -- ns-3.37 reference harness: HTTP/1.x-style page loads over TCP.
//
// Topology: client node <---- one point-to-point link ----> server node.
//   one-way propagation delay = rtt/2, server->client rate = down, client->server rate = up.
//   Each direction transmits from a drop-tail queue of `queue` packets (the device queue;
//   the traffic-control qdisc that ns-3 installs by default is removed).
// Application: the client fetches a list of objects (first = HTML base page, the rest are
//   requested only after the base page has fully arrived) with one of five strategies; the
//   server answers each complete request with exactly SIZE bytes (after an optional think time).
// Output: one JSON line per simulation run. See README.md.
//
// pagesim's copy (cmd/ns3check) adds --loss (an i.i.d. packet loss on each direction, drawn
// by a RateErrorModel at the receiving device) and --run (ns-3's RngRun, one replication).

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <deque>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

enum Strategy { SERIAL, PARALLEL, PERSISTENT, PIPELINED, PARALLEL_PERSISTENT };
static const char* kStrategyNames[] = {"serial", "parallel", "persistent", "pipelined",
                                       "parallel-persistent"};

struct Params
{
    double rtt = 100, bw = 10, down = 0, up = 0, think = 0, ato = 200, loss = 0;
    uint32_t queue = 1000, mss = 1460, iw = 10, req = 300, conns = 6, repeat = 1, rngRun = 1;
    uint32_t buf = 4 << 20;
    bool delack = true, ts = false, sack = true;
    std::string pcap; // if set: write <pcap>-<node>-<dev>.pcap for the first run
    std::string cc = "NewReno", objects = "10000,5000x10", strategyName = "serial";
    Strategy strategy = SERIAL;
    std::vector<uint32_t> sizes;
};

static const uint16_t kPort = 80;
static const uint32_t kReqHeader = 5; // request bytes: [0..3] response size (LE), [4] close flag

// ------------------------------------------------------------------------------------ server
// Accepts any number of connections. Per connection it accumulates request bytes; every time
// `req` bytes have arrived it schedules a response of the size named in the request. Responses
// on a connection are sent in request order. If the request carried the close flag (non-
// persistent connection) the server closes after the response (FIN rides on the last segment).
class Server
{
  public:
    Server(Ptr<Node> node, const Params& p)
        : m_p(p)
    {
        m_listen = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        m_listen->Bind(InetSocketAddress(Ipv4Address::GetAny(), kPort));
        m_listen->Listen();
        m_listen->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                    MakeCallback(&Server::Accept, this));
    }

    void Release()
    {
        m_conns.clear();
        m_listen = nullptr;
    }

  private:
    struct Conn
    {
        Ptr<Socket> sock;
        std::vector<uint8_t> rx; // partial request bytes
        uint64_t toSend = 0;     // response bytes not yet handed to TCP
        bool closeWhenDone = false, closed = false;
    };

    void Accept(Ptr<Socket> s, const Address&)
    {
        m_conns[PeekPointer(s)].sock = s;
        s->SetRecvCallback(MakeCallback(&Server::Recv, this));
        s->SetSendCallback(MakeCallback(&Server::SendSpace, this));
        s->SetCloseCallbacks(MakeCallback(&Server::PeerClosed, this),
                             MakeCallback(&Server::PeerClosed, this));
    }

    void Recv(Ptr<Socket> s)
    {
        Conn& c = m_conns[PeekPointer(s)];
        while (Ptr<Packet> p = s->Recv())
        {
            size_t old = c.rx.size();
            c.rx.resize(old + p->GetSize());
            p->CopyData(c.rx.data() + old, p->GetSize());
        }
        while (c.rx.size() >= m_p.req) // one complete request
        {
            uint32_t size = c.rx[0] | c.rx[1] << 8 | c.rx[2] << 16 | uint32_t(c.rx[3]) << 24;
            bool close = c.rx[4] != 0;
            c.rx.erase(c.rx.begin(), c.rx.begin() + m_p.req);
            if (m_p.think > 0)
            {
                Simulator::Schedule(Seconds(m_p.think / 1e3), &Server::Respond, this, s, size,
                                    close);
            }
            else
            {
                Respond(s, size, close);
            }
        }
    }

    void Respond(Ptr<Socket> s, uint32_t size, bool close)
    {
        Conn& c = m_conns[PeekPointer(s)];
        c.toSend += size;
        c.closeWhenDone |= close;
        Pump(c);
    }

    void SendSpace(Ptr<Socket> s, uint32_t)
    {
        Pump(m_conns[PeekPointer(s)]);
    }

    // Hand as many response bytes to TCP as its send buffer accepts (zero-filled payload).
    void Pump(Conn& c)
    {
        while (c.toSend > 0 && !c.closed)
        {
            uint32_t n = std::min<uint64_t>(c.toSend, c.sock->GetTxAvailable());
            if (n == 0 || c.sock->Send(Create<Packet>(n)) < 0)
            {
                return; // resumed by the send callback when ACKs free buffer space
            }
            c.toSend -= n;
        }
        if (c.toSend == 0 && c.closeWhenDone && !c.closed)
        {
            c.closed = true;
            c.sock->Close(); // deferred by TCP until the buffered data has been sent
        }
    }

    void PeerClosed(Ptr<Socket> s)
    {
        Conn& c = m_conns[PeekPointer(s)];
        if (!c.closed && c.toSend == 0)
        {
            c.closed = true;
            Simulator::ScheduleNow(&Socket::Close, s); // outside TCP's own callback
        }
    }

    const Params& m_p;
    Ptr<Socket> m_listen;
    std::map<Socket*, Conn> m_conns;
};

// ------------------------------------------------------------------------------------ client
struct ObjRecord
{
    uint32_t size = 0;
    int conn = -1;
    double startMs = -1, reqMs = -1, endMs = -1;
};

class Client
{
  public:
    Client(Ptr<Node> node, Ipv4Address server, const Params& p)
        : m_p(p),
          m_node(node),
          m_server(server)
    {
        for (uint32_t s : p.sizes)
        {
            m_objs.push_back(ObjRecord());
            m_objs.back().size = s;
        }
    }

    void Start()
    {
        bool persistent = m_p.strategy == PERSISTENT || m_p.strategy == PIPELINED ||
                          m_p.strategy == PARALLEL_PERSISTENT;
        Open(0, persistent);
    }

    void Release()
    {
        m_conns.clear();
        m_bySock.clear();
    }

    size_t Connections() const
    {
        return m_conns.size();
    }

    std::vector<ObjRecord> m_objs;
    uint32_t m_done = 0;
    double m_finishMs = -1;

  private:
    struct Conn
    {
        int id;
        Ptr<Socket> sock;
        bool persistent;
        std::deque<int> waitConnect; // objects assigned before the handshake completed
        std::deque<int> inFlight;    // requested objects, in response order
        uint64_t got = 0;            // bytes received of inFlight.front()
    };

    static double NowMs()
    {
        return Simulator::Now().GetSeconds() * 1e3;
    }

    // New TCP connection; obj >= 0 is requested as soon as it is established, obj < 0 means
    // "take the next object from the shared queue once established" (parallel-persistent).
    void Open(int obj, bool persistent)
    {
        Ptr<Socket> s = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
        m_conns.push_back(Conn{int(m_conns.size()), s, persistent});
        m_bySock[PeekPointer(s)] = m_conns.size() - 1;
        if (obj >= 0)
        {
            m_objs[obj].startMs = NowMs();
            m_conns.back().waitConnect.push_back(obj);
        }
        s->SetConnectCallback(MakeCallback(&Client::Connected, this),
                              MakeCallback(&Client::Failed, this));
        s->SetRecvCallback(MakeCallback(&Client::Recv, this));
        s->Bind();
        s->Connect(InetSocketAddress(m_server, kPort)); // SYN leaves now
        ++m_active;
    }

    Conn& Of(Ptr<Socket> s)
    {
        return m_conns[m_bySock.at(PeekPointer(s))];
    }

    void Connected(Ptr<Socket> s)
    {
        Conn& c = Of(s);
        if (c.waitConnect.empty())
        {
            TakeNext(c);
        }
        for (int obj : c.waitConnect)
        {
            Request(c, obj);
        }
        c.waitConnect.clear();
    }

    void Failed(Ptr<Socket>)
    {
        NS_FATAL_ERROR("TCP connection attempt failed");
    }

    void Request(Conn& c, int obj)
    {
        std::vector<uint8_t> b(m_p.req, 0);
        uint32_t size = m_objs[obj].size;
        for (int i = 0; i < 4; i++)
        {
            b[i] = (size >> (8 * i)) & 0xff;
        }
        b[4] = c.persistent ? 0 : 1;
        NS_ABORT_IF(c.sock->Send(Create<Packet>(b.data(), b.size())) < 0);
        if (m_objs[obj].startMs < 0)
        {
            m_objs[obj].startMs = NowMs();
        }
        m_objs[obj].reqMs = NowMs();
        m_objs[obj].conn = c.id;
        c.inFlight.push_back(obj);
    }

    void TakeNext(Conn& c)
    {
        if (m_next < m_objs.size())
        {
            Request(c, m_next++);
        }
    }

    void Recv(Ptr<Socket> s)
    {
        int id = m_bySock.at(PeekPointer(s));
        while (Ptr<Packet> p = s->Recv())
        {
            uint64_t n = p->GetSize();
            while (n > 0)
            {
                Conn& c = m_conns[id];
                NS_ABORT_MSG_IF(c.inFlight.empty(), "unexpected response bytes");
                int obj = c.inFlight.front();
                uint64_t take = std::min<uint64_t>(n, m_objs[obj].size - c.got);
                c.got += take;
                n -= take;
                if (c.got == m_objs[obj].size)
                {
                    c.got = 0;
                    c.inFlight.pop_front();
                    m_objs[obj].endMs = NowMs();
                    Done(id, obj);
                }
            }
        }
    }

    // Object `obj` fully received on connection `id`: decide what to fetch next.
    void Done(int id, int obj)
    {
        if (++m_done == m_objs.size())
        {
            m_finishMs = NowMs();
            Simulator::Stop(); // page complete: nothing after this matters
            return;
        }
        if (!m_conns[id].persistent)
        {
            --m_active;
            Simulator::ScheduleNow(&Socket::Close, m_conns[id].sock);
        }
        size_t n = m_objs.size();
        switch (m_p.strategy)
        {
        case SERIAL:
            if (m_next < n)
            {
                Open(m_next++, false);
            }
            break;
        case PARALLEL:
            while (m_active < m_p.conns && m_next < n)
            {
                Open(m_next++, false);
            }
            break;
        case PERSISTENT:
            TakeNext(m_conns[id]);
            break;
        case PIPELINED:
            while (obj == 0 && m_next < n)
            {
                TakeNext(m_conns[id]);
            }
            break;
        case PARALLEL_PERSISTENT:
            TakeNext(m_conns[id]);
            // after the base page: open up to conns-1 more connections, only as many as needed
            while (obj == 0 && m_active < m_p.conns && m_active < 1 + (n - m_next))
            {
                Open(-1, true);
            }
            break;
        }
    }

    const Params& m_p;
    Ptr<Node> m_node;
    Ipv4Address m_server;
    std::deque<Conn> m_conns; // deque: references stay valid while connections are added
    std::map<Socket*, size_t> m_bySock;
    uint32_t m_next = 1; // next embedded object not yet assigned to a connection
    uint32_t m_active = 0;
};

// ---------------------------------------------------------------------------------- one run
static uint64_t g_drops[2], g_pkts[2]; // index 0 = client->server (up), 1 = server->client

static void OnDrop(int dir, Ptr<const Packet>)
{
    ++g_drops[dir];
}

static void OnTx(int dir, Ptr<const Packet>)
{
    ++g_pkts[dir];
}

static void RunOnce(const Params& p, uint32_t run)
{
    auto wall0 = std::chrono::steady_clock::now();
    std::clock_t cpu0 = std::clock();
    g_drops[0] = g_drops[1] = g_pkts[0] = g_pkts[1] = 0;

    NodeContainer nodes;
    nodes.Create(2); // 0 = client, 1 = server
    PointToPointHelper link;
    link.SetChannelAttribute("Delay", TimeValue(Seconds(p.rtt / 2000.0)));
    link.SetDeviceAttribute("Mtu", UintegerValue(p.mss + 80)); // never IP-fragment a segment
    link.SetQueue("ns3::DropTailQueue<Packet>",
                  "MaxSize",
                  QueueSizeValue(QueueSize(QueueSizeUnit::PACKETS, p.queue)));
    NetDeviceContainer dev = link.Install(nodes);
    dev.Get(0)->SetAttribute("DataRate", DataRateValue(DataRate(uint64_t(p.up * 1e6))));
    dev.Get(1)->SetAttribute("DataRate", DataRateValue(DataRate(uint64_t(p.down * 1e6))));
    for (int i = 0; i < 2; i++)
    {
        dev.Get(i)->TraceConnectWithoutContext("PhyTxBegin", MakeBoundCallback(&OnTx, i));
        if (p.loss > 0)
        {
            // Random loss of a direction is drawn where its packets arrive: the device of
            // the other node (1 - i) drops what its error model says is lost.
            Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
            em->SetAttribute("ErrorRate", DoubleValue(p.loss));
            em->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
            dev.Get(1 - i)->SetAttribute("ReceiveErrorModel", PointerValue(em));
            dev.Get(1 - i)->TraceConnectWithoutContext("PhyRxDrop", MakeBoundCallback(&OnDrop, i));
        }
    }

    if (!p.pcap.empty() && run == 0)
    {
        link.EnablePcapAll(p.pcap);
    }

    InternetStackHelper stack;
    stack.Install(nodes);
    Ipv4AddressHelper addr("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = addr.Assign(dev);
    TrafficControlHelper().Uninstall(dev); // plain drop-tail device queue, no FqCoDel
    for (int i = 0; i < 2; i++)
    {
        // Without a qdisc, a packet that finds the device queue full (`queue` packets waiting
        // behind the one on the wire) is dropped by the traffic-control layer ("TcDrop").
        nodes.Get(i)->GetObject<TrafficControlLayer>()->TraceConnectWithoutContext(
            "TcDrop",
            MakeBoundCallback(&OnDrop, i));
    }

    Server server(nodes.Get(1), p);
    Client client(nodes.Get(0), ifs.GetAddress(1), p);
    Simulator::ScheduleWithContext(0, Seconds(0), &Client::Start, &client);
    Simulator::Stop(Seconds(3600)); // safety net; a normal run stops at the last byte
    auto run0 = std::chrono::steady_clock::now();
    Simulator::Run();
    double runMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - run0).count();
    uint64_t events = Simulator::GetEventCount();
    size_t tcpConns = client.Connections();
    client.Release();
    server.Release();
    Simulator::Destroy();

    double wallMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall0)
            .count();
    double cpuMs = 1e3 * double(std::clock() - cpu0) / CLOCKS_PER_SEC;

    std::ostringstream o;
    o.precision(3);
    o << std::fixed << "{\"strategy\":\"" << kStrategyNames[p.strategy] << "\",\"run\":" << run
      << ",\"rtt_ms\":" << p.rtt << ",\"down_mbps\":" << p.down << ",\"up_mbps\":" << p.up
      << ",\"queue\":" << p.queue << ",\"mss\":" << p.mss << ",\"iw\":" << p.iw
      << ",\"delack\":" << p.delack << ",\"cc\":\"" << p.cc << "\",\"conns\":" << p.conns
      << ",\"loss\":" << p.loss << ",\"req\":" << p.req << ",\"think_ms\":" << p.think << ",\"n_objects\":"
      << client.m_objs.size() << ",\"complete\":"
      << (client.m_done == client.m_objs.size() ? "true" : "false") << ",\"load_time_ms\":";
    if (client.m_finishMs >= 0)
    {
        o << client.m_finishMs;
    }
    else
    {
        o << "null";
    }
    o << ",\"per_object\":[";
    for (size_t i = 0; i < client.m_objs.size(); i++)
    {
        const ObjRecord& r = client.m_objs[i];
        o << (i ? "," : "") << "{\"size\":" << r.size << ",\"conn\":" << r.conn
          << ",\"start_ms\":" << r.startMs << ",\"req_ms\":" << r.reqMs
          << ",\"end_ms\":" << r.endMs << "}";
    }
    o << "],\"tcp_conns\":" << tcpConns << ",\"drops_up\":" << g_drops[0]
      << ",\"drops_down\":" << g_drops[1]
      << ",\"pkts_up\":" << g_pkts[0] << ",\"pkts_down\":" << g_pkts[1]
      << ",\"events\":" << events << ",\"wall_ms\":" << wallMs << ",\"run_wall_ms\":" << runMs << ",\"cpu_ms\":" << cpuMs
      << "}";
    std::printf("%s\n", o.str().c_str());
    std::fflush(stdout);
}

// ---------------------------------------------------------------------------------- main
static std::vector<uint32_t> ParseObjects(const std::string& spec)
{
    std::vector<uint32_t> v;
    std::stringstream ss(spec);
    std::string item;
    while (std::getline(ss, item, ','))
    {
        size_t x = item.find('x'); // "5000x10" = ten objects of 5000 bytes
        uint32_t size = std::stoul(item.substr(0, x));
        uint32_t count = x == std::string::npos ? 1 : std::stoul(item.substr(x + 1));
        NS_ABORT_MSG_IF(size == 0, "object sizes must be >= 1 byte");
        v.insert(v.end(), count, size);
    }
    NS_ABORT_MSG_IF(v.empty(), "--objects is empty");
    return v;
}

int main(int argc, char** argv)
{
    Params p;
    CommandLine cmd(__FILE__);
    cmd.AddValue("rtt", "round-trip propagation delay, ms (one-way = rtt/2)", p.rtt);
    cmd.AddValue("bw", "link rate in Mbps, both directions", p.bw);
    cmd.AddValue("down", "server->client rate in Mbps (default: bw)", p.down);
    cmd.AddValue("up", "client->server rate in Mbps (default: bw)", p.up);
    cmd.AddValue("queue", "drop-tail queue size per direction, packets", p.queue);
    cmd.AddValue("mss", "TCP SegmentSize (payload bytes per segment)", p.mss);
    cmd.AddValue("iw", "TCP InitialCwnd, segments", p.iw);
    cmd.AddValue("delack", "1: delayed ACK (DelAckCount=2), 0: ACK every segment", p.delack);
    cmd.AddValue("ato", "delayed-ACK timeout, ms (TcpSocket::DelAckTimeout)", p.ato);
    cmd.AddValue("cc", "congestion control: NewReno, LinuxReno, Cubic, Bbr, ...", p.cc);
    cmd.AddValue("ts", "TCP timestamps option (adds 12 bytes per segment)", p.ts);
    cmd.AddValue("sack", "TCP SACK option", p.sack);
    cmd.AddValue("buf", "TCP send and receive buffer size, bytes", p.buf);
    cmd.AddValue("objects", "object sizes in bytes: HTML,OBJ,... (SIZExN = N objects)", p.objects);
    cmd.AddValue("req", "request size, bytes (>= 5)", p.req);
    cmd.AddValue("think", "server think time per request, ms", p.think);
    cmd.AddValue("strategy",
                 "serial|parallel|persistent|pipelined|parallel-persistent",
                 p.strategyName);
    cmd.AddValue("conns", "K for parallel and parallel-persistent", p.conns);
    cmd.AddValue("pcap", "write pcap traces <prefix>-<node>-<dev>.pcap (first run only)", p.pcap);
    cmd.AddValue("repeat", "run the same simulation N times in this process", p.repeat);
    cmd.AddValue("loss", "i.i.d. packet loss probability per direction (0..1)", p.loss);
    cmd.AddValue("run", "replication number (ns-3 RngRun)", p.rngRun);
    cmd.Parse(argc, argv);

    p.down = p.down > 0 ? p.down : p.bw;
    p.up = p.up > 0 ? p.up : p.bw;
    p.sizes = ParseObjects(p.objects);
    NS_ABORT_MSG_IF(p.req < kReqHeader, "--req must be >= " << kReqHeader);
    NS_ABORT_MSG_IF(p.conns < 1, "--conns must be >= 1");
    auto it = std::find(std::begin(kStrategyNames), std::end(kStrategyNames), p.strategyName);
    NS_ABORT_MSG_IF(it == std::end(kStrategyNames), "unknown --strategy " << p.strategyName);
    p.strategy = Strategy(it - std::begin(kStrategyNames));
    std::string ccName = p.cc.rfind("Tcp", 0) == 0 ? p.cc : "Tcp" + p.cc;
    TypeId ccType;
    NS_ABORT_MSG_IF(!TypeId::LookupByNameFailSafe("ns3::" + ccName, &ccType),
                    "unknown congestion control ns3::" << ccName);

    Config::SetDefault("ns3::TcpL4Protocol::SocketType", TypeIdValue(ccType));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(p.mss));
    Config::SetDefault("ns3::TcpSocket::InitialCwnd", UintegerValue(p.iw));
    Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(p.delack ? 2 : 1));
    Config::SetDefault("ns3::TcpSocket::DelAckTimeout", TimeValue(Seconds(p.ato / 1e3)));
    Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(p.buf));
    Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(p.buf));
    Config::SetDefault("ns3::TcpSocketBase::Timestamp", BooleanValue(p.ts));
    Config::SetDefault("ns3::TcpSocketBase::Sack", BooleanValue(p.sack));

    RngSeedManager::SetRun(p.rngRun);
    for (uint32_t r = 0; r < p.repeat; r++)
    {
        RunOnce(p, r);
    }
    return 0;
}
