//! The compact binary graph file (`.zhg`): versioned, checksummed, little-endian, 32-bit ids
//! and integer micro-degrees, so that a file written on a 64-bit machine loads in wasm32.
//!
//! ```text
//! header (32 bytes)
//!   0  magic        8 bytes  "ZHROADS\0"
//!   8  version      u32      1
//!  12  flags        u32      bit 0: contraction hierarchies included
//!  16  payload_len  u64      bytes after the header
//!  24  crc32        u32      CRC-32 (IEEE) of the payload
//!  28  reserved     u32      0
//! payload
//!   nodes      u32 n, then n × (lon i32, lat i32)                 micro-degrees
//!   shape      u32 s, then s × (lon i32, lat i32)
//!   names      u32 k, then k × (len u32, UTF-8 bytes)
//!   edges      u32 m, then m × (from u32, to u32, length_dm u32, duration_ds u32,
//!                               name u32 (0xFFFFFFFF: none), shape_start u32, shape_len u32,
//!                               class u8, flags u8 (bit 0: one-way))
//!   corridors  u32 c, then c × (kinds u8, area u8, name_len u32, name bytes,
//!                               point count u32, points (lon i32, lat i32))
//!   if flag bit 0, twice (time, then distance):
//!     metric u8 (0 time, 1 distance), node count u32, node_at u32 × n (rank → node),
//!     arc count u32, then arcs in id order × (tail rank u32, head rank u32, weight u64,
//!       kind u8 (0 road edge forwards, 1 backwards, 2 shortcut), a u32, b u32)
//!       (a = edge for kinds 0/1; a, b = the two arcs a shortcut replaces)
//! ```
//!
//! Loading checks the magic, the version, the length and the checksum, then every index and
//! invariant (positions in range, ids in range, ranks a permutation, arcs going between the
//! right ranks, shortcuts made of earlier arcs whose weights add up), so that a corrupt or
//! foreign file gives an error, never a panic or a wrong answer from a malformed hierarchy.

use crate::model::NodeId;
use crate::roads::ch::{ArcOrigin, ContractionHierarchy, CsrArcs, UpArc};
use crate::roads::class::RoadClass;
use crate::roads::corridors::CorridorFeature;
use crate::roads::graph::{MicroPoint, RoadEdge, RoadGraph, NO_NAME};
use crate::roads::network::RoadNetwork;
use crate::roads::weight::{Metric, MAX_EDGE_DM, MAX_EDGE_DS};

/// The magic bytes at the start of every file.
pub const MAGIC: [u8; 8] = *b"ZHROADS\0";
/// The version this code writes and reads.
pub const VERSION: u32 = 1;
const HEADER_LEN: usize = 32;
const FLAG_HIERARCHIES: u32 = 1;

/// Why a graph file could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphFileError {
    /// Not a zouhang road graph file.
    #[error(
        "不是走航路网文件（文件头标识不符）：请选择由 zouhang roads build 或本应用生成的 .zhg 文件"
    )]
    BadMagic,
    /// Written by a different version of the format.
    #[error("路网文件版本 {found} 不受支持（本程序支持版本 {supported}）：请用当前版本重新生成")]
    UnsupportedVersion {
        /// Version in the file.
        found: u32,
        /// Version this program reads.
        supported: u32,
    },
    /// The file ends early.
    #[error("路网文件不完整（在第 {at} 字节处截断）：请重新下载或重新生成")]
    Truncated {
        /// Byte offset at which more data was needed.
        at: u64,
    },
    /// The checksum does not match: the file was damaged.
    #[error("路网文件已损坏（校验和 {found:08x}，应为 {expected:08x}）：请重新生成")]
    ChecksumMismatch {
        /// Checksum stored in the header.
        expected: u32,
        /// Checksum of the payload read.
        found: u32,
    },
    /// The content breaks an invariant.
    #[error("路网文件内容无效（{what}，第 {index} 项）：请重新生成")]
    Invalid {
        /// What is wrong.
        what: &'static str,
        /// Which item.
        index: u64,
    },
}

// ---------------------------------------------------------------- writing

struct Out(Vec<u8>);

impl Out {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn i32(&mut self, v: i32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }
    fn point(&mut self, p: MicroPoint) {
        self.i32(p.lon);
        self.i32(p.lat);
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
}

fn write_graph_payload(g: &RoadGraph, o: &mut Out) {
    o.len(g.nodes.len());
    g.nodes.iter().for_each(|p| o.point(*p));
    o.len(g.shape.len());
    g.shape.iter().for_each(|p| o.point(*p));
    o.len(g.names.len());
    g.names.iter().for_each(|s| o.str(s));
    o.len(g.edges.len());
    for e in &g.edges {
        o.u32(e.from.0);
        o.u32(e.to.0);
        o.u32(e.length_dm);
        o.u32(e.duration_ds);
        o.u32(e.name);
        o.u32(e.shape_start);
        o.u32(e.shape_len);
        o.u8(e.class.code());
        o.u8(u8::from(e.oneway));
    }
    o.len(g.corridors.len());
    for c in &g.corridors {
        o.u8(c.kinds);
        o.u8(u8::from(c.area));
        o.str(&c.name);
        o.len(c.points.len());
        c.points.iter().for_each(|p| o.point(*p));
    }
}

fn write_hierarchy(ch: &ContractionHierarchy, o: &mut Out) {
    o.u8(match ch.metric {
        Metric::Time => 0,
        Metric::Distance => 1,
    });
    o.len(ch.node_at.len());
    ch.node_at.iter().for_each(|v| o.u32(*v));
    // (tail, head, weight) of every arc, by id
    let mut ends = vec![(0u32, 0u32, 0u64); ch.origin.len()];
    for r in 0..ch.node_at.len() as u32 {
        for a in ch.up.of(r) {
            if let Some(slot) = ends.get_mut(a.id as usize) {
                *slot = (r, a.node, a.weight);
            }
        }
        for a in ch.down.of(r) {
            if let Some(slot) = ends.get_mut(a.id as usize) {
                *slot = (a.node, r, a.weight);
            }
        }
    }
    o.len(ch.origin.len());
    for (o_, &(t, h, w)) in ch.origin.iter().zip(&ends) {
        o.u32(t);
        o.u32(h);
        o.u64(w);
        match *o_ {
            ArcOrigin::Original { edge, reverse } => {
                o.u8(u8::from(reverse));
                o.u32(edge);
                o.u32(0);
            }
            ArcOrigin::Shortcut { first, second } => {
                o.u8(2);
                o.u32(first);
                o.u32(second);
            }
        }
    }
}

fn frame(flags: u32, payload: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&flags.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// The file of a prepared network, hierarchies included (loads without contracting).
pub fn write_network(net: &RoadNetwork) -> Vec<u8> {
    let mut o = Out(Vec::new());
    write_graph_payload(net.graph(), &mut o);
    for m in Metric::ALL {
        write_hierarchy(net.hierarchy(m), &mut o);
    }
    frame(FLAG_HIERARCHIES, o.0)
}

/// The file of a graph alone (smaller; loading contracts it).
pub fn write_graph(graph: &RoadGraph) -> Vec<u8> {
    let mut o = Out(Vec::new());
    write_graph_payload(graph, &mut o);
    frame(0, o.0)
}

// ---------------------------------------------------------------- reading

struct In<'a> {
    buf: &'a [u8],
    pos: usize,
    base: usize,
}

impl<'a> In<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], GraphFileError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.buf.len());
        let Some(end) = end else {
            return Err(GraphFileError::Truncated {
                at: (self.base + self.buf.len()) as u64,
            });
        };
        let s = self.buf.get(self.pos..end).unwrap_or(&[]);
        self.pos = end;
        Ok(s)
    }
    fn arr<const N: usize>(&mut self) -> Result<[u8; N], GraphFileError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, GraphFileError> {
        Ok(self.arr::<1>()?[0])
    }
    fn u32(&mut self) -> Result<u32, GraphFileError> {
        Ok(u32::from_le_bytes(self.arr()?))
    }
    fn i32(&mut self) -> Result<i32, GraphFileError> {
        Ok(i32::from_le_bytes(self.arr()?))
    }
    fn u64(&mut self) -> Result<u64, GraphFileError> {
        Ok(u64::from_le_bytes(self.arr()?))
    }
    /// A count of items of `size` bytes each, checked against the bytes left.
    fn count(&mut self, size: usize) -> Result<usize, GraphFileError> {
        let n = self.u32()? as usize;
        if n.saturating_mul(size) > self.buf.len().saturating_sub(self.pos) {
            return Err(GraphFileError::Truncated {
                at: (self.base + self.buf.len()) as u64,
            });
        }
        Ok(n)
    }
    fn point(&mut self, index: usize) -> Result<MicroPoint, GraphFileError> {
        let p = MicroPoint {
            lon: self.i32()?,
            lat: self.i32()?,
        };
        if !(-180_000_000..=180_000_000).contains(&p.lon)
            || !(-90_000_000..=90_000_000).contains(&p.lat)
        {
            return Err(invalid("坐标超出范围", index));
        }
        Ok(p)
    }
    fn string(&mut self, index: usize) -> Result<String, GraphFileError> {
        let n = self.count(1)?;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| invalid("文本不是 UTF-8", index))
    }
}

fn invalid(what: &'static str, index: usize) -> GraphFileError {
    GraphFileError::Invalid {
        what,
        index: index as u64,
    }
}

fn read_graph_payload(r: &mut In<'_>) -> Result<RoadGraph, GraphFileError> {
    let n = r.count(8)?;
    let nodes = (0..n).map(|i| r.point(i)).collect::<Result<Vec<_>, _>>()?;
    let s = r.count(8)?;
    let shape = (0..s).map(|i| r.point(i)).collect::<Result<Vec<_>, _>>()?;
    let k = r.count(4)?;
    let names = (0..k).map(|i| r.string(i)).collect::<Result<Vec<_>, _>>()?;
    let m = r.count(30)?;
    let mut edges = Vec::with_capacity(m);
    for i in 0..m {
        let (from, to) = (r.u32()?, r.u32()?);
        let (length_dm, duration_ds, name) = (r.u32()?, r.u32()?, r.u32()?);
        let (shape_start, shape_len) = (r.u32()?, r.u32()?);
        let (class, flags) = (r.u8()?, r.u8()?);
        if from as usize >= n || to as usize >= n {
            return Err(invalid("边的端点编号越界", i));
        }
        if name != NO_NAME && name as usize >= k {
            return Err(invalid("边的名称编号越界", i));
        }
        if u64::from(shape_start) + u64::from(shape_len) > s as u64 {
            return Err(invalid("边的形状点越界", i));
        }
        if length_dm > MAX_EDGE_DM || duration_ds > MAX_EDGE_DS || flags > 1 {
            return Err(invalid("边的长度、时间或标志无效", i));
        }
        let class = RoadClass::from_code(class).ok_or(invalid("道路等级无效", i))?;
        edges.push(RoadEdge {
            from: NodeId(from),
            to: NodeId(to),
            length_dm,
            duration_ds,
            class,
            oneway: flags == 1,
            name,
            shape_start,
            shape_len,
        });
    }
    let c = r.count(10)?;
    let mut corridors = Vec::with_capacity(c);
    for i in 0..c {
        let (kinds, area) = (r.u8()?, r.u8()?);
        if kinds == 0 || kinds >= 128 || area > 1 {
            return Err(invalid("走廊要素类型无效", i));
        }
        let name = r.string(i)?;
        let p = r.count(8)?;
        let points = (0..p).map(|j| r.point(j)).collect::<Result<Vec<_>, _>>()?;
        corridors.push(CorridorFeature {
            kinds,
            name,
            points,
            area: area == 1,
        });
    }
    Ok(RoadGraph {
        nodes,
        edges,
        shape,
        names,
        corridors,
    })
}

fn read_hierarchy(
    r: &mut In<'_>,
    g: &RoadGraph,
    metric: Metric,
) -> Result<ContractionHierarchy, GraphFileError> {
    let code = r.u8()?;
    if code != metric as u8 {
        return Err(invalid("层次结构的度量不符", 0));
    }
    let n = r.count(4)?;
    if n != g.node_count() {
        return Err(invalid("层次结构的节点数与图不符", n));
    }
    let mut node_at = Vec::with_capacity(n);
    let mut rank_of = vec![u32::MAX; n];
    for rank in 0..n {
        let v = r.u32()?;
        match rank_of.get_mut(v as usize) {
            Some(slot) if *slot == u32::MAX => *slot = rank as u32,
            _ => return Err(invalid("节点次序不是排列", rank)),
        }
        node_at.push(v);
    }
    let m = r.count(25)?;
    let mut origin = Vec::with_capacity(m);
    let mut ends: Vec<(u32, u32, u64)> = Vec::with_capacity(m);
    for id in 0..m {
        let (t, h, w) = (r.u32()?, r.u32()?, r.u64()?);
        let (kind, a, b) = (r.u8()?, r.u32()?, r.u32()?);
        if t as usize >= n || h as usize >= n || t == h {
            return Err(invalid("弧的端点无效", id));
        }
        let node = |rank: u32| node_at.get(rank as usize).copied().unwrap_or(u32::MAX);
        let o = match kind {
            0 | 1 => {
                let e = g
                    .edges
                    .get(a as usize)
                    .ok_or(invalid("弧引用的边越界", id))?;
                let reverse = kind == 1;
                let (ef, et) = if reverse {
                    (e.to.0, e.from.0)
                } else {
                    (e.from.0, e.to.0)
                };
                if (reverse && e.oneway)
                    || ef != node(t)
                    || et != node(h)
                    || w != e.cost().weight(metric)
                {
                    return Err(invalid("弧与其道路不符", id));
                }
                ArcOrigin::Original { edge: a, reverse }
            }
            2 => {
                let (Some(&(t1, h1, w1)), Some(&(t2, h2, w2))) =
                    (ends.get(a as usize), ends.get(b as usize))
                else {
                    return Err(invalid("捷径引用了之后的弧", id));
                };
                let sum = w1.checked_add(w2);
                if t1 != t || h2 != h || h1 != t2 || h1 >= t.min(h) || sum != Some(w) {
                    return Err(invalid("捷径与其组成弧不符", id));
                }
                ArcOrigin::Shortcut {
                    first: a,
                    second: b,
                }
            }
            _ => return Err(invalid("弧类型无效", id)),
        };
        origin.push(o);
        ends.push((t, h, w));
    }
    let lay_out = |up: bool| {
        let mut first = vec![0u32; n + 1];
        for &(t, h, _) in &ends {
            let at = if up { t.min(h) } else { h.min(t) };
            if (up && t < h) || (!up && t > h) {
                if let Some(f) = first.get_mut(at as usize + 1) {
                    *f += 1;
                }
            }
        }
        for i in 1..first.len() {
            first[i] += first[i - 1];
        }
        let mut fill = first.clone();
        let mut arcs = vec![
            UpArc {
                node: 0,
                weight: 0,
                id: 0
            };
            first.last().copied().unwrap_or(0) as usize
        ];
        for (id, &(t, h, w)) in ends.iter().enumerate() {
            let (at, other) = match (up, t < h) {
                (true, true) => (t, h),
                (false, false) => (h, t),
                _ => continue,
            };
            if let Some(slot) = fill.get_mut(at as usize) {
                if let Some(a) = arcs.get_mut(*slot as usize) {
                    *a = UpArc {
                        node: other,
                        weight: w,
                        id: id as u32,
                    };
                }
                *slot += 1;
            }
        }
        CsrArcs { first, arcs }
    };
    let up = lay_out(true);
    let down = lay_out(false);
    Ok(ContractionHierarchy {
        metric,
        rank_of,
        node_at,
        up,
        down,
        origin,
    })
}

/// Reads a graph file; hierarchies missing from the file are computed.
pub fn read_network(bytes: &[u8]) -> Result<RoadNetwork, GraphFileError> {
    let header = bytes.get(..HEADER_LEN);
    if bytes.get(..MAGIC.len()).is_some_and(|m| m != MAGIC)
        || bytes.len() < MAGIC.len() && !MAGIC.starts_with(bytes)
    {
        return Err(GraphFileError::BadMagic);
    }
    let Some(header) = header else {
        return Err(GraphFileError::Truncated {
            at: bytes.len() as u64,
        });
    };
    let mut h = In {
        buf: header,
        pos: MAGIC.len(),
        base: 0,
    };
    let version = h.u32()?;
    if version != VERSION {
        return Err(GraphFileError::UnsupportedVersion {
            found: version,
            supported: VERSION,
        });
    }
    let flags = h.u32()?;
    let len = h.u64()?;
    let crc = h.u32()?;
    let reserved = h.u32()?;
    if flags & !FLAG_HIERARCHIES != 0 || reserved != 0 {
        return Err(invalid("未知标志位", flags as usize));
    }
    let payload = bytes.get(HEADER_LEN..).unwrap_or(&[]);
    if (payload.len() as u64) < len {
        return Err(GraphFileError::Truncated {
            at: bytes.len() as u64,
        });
    }
    if payload.len() as u64 > len {
        return Err(invalid("文件末尾有多余数据", len as usize));
    }
    let found = crc32fast::hash(payload);
    if found != crc {
        return Err(GraphFileError::ChecksumMismatch {
            expected: crc,
            found,
        });
    }
    let mut r = In {
        buf: payload,
        pos: 0,
        base: HEADER_LEN,
    };
    let graph = read_graph_payload(&mut r)?;
    let net = if flags & FLAG_HIERARCHIES != 0 {
        let time = read_hierarchy(&mut r, &graph, Metric::Time)?;
        let distance = read_hierarchy(&mut r, &graph, Metric::Distance)?;
        if r.pos != payload.len() {
            return Err(invalid("文件末尾有多余数据", r.pos));
        }
        RoadNetwork::from_parts(graph, [time, distance])
    } else {
        if r.pos != payload.len() {
            return Err(invalid("文件末尾有多余数据", r.pos));
        }
        RoadNetwork::new(graph)
    };
    Ok(net)
}
